package io.hookrun.core.trace;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceHeaderTest {

    /** The example of the X-Ray developer guide's "Tracing header" section. */
    private static final String DOC_EXAMPLE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    @Test
    void theDocumentedExample_parsesAndPrintsBackTheSame() {
        TraceHeader header = TraceHeader.parse(DOC_EXAMPLE).orElseThrow();

        assertEquals("1-5759e988-bd862e3fe1be46a994272793", header.root());
        assertEquals("53995c3f42cd8ad8", header.parent());
        assertEquals("1", header.sampled());
        assertEquals(DOC_EXAMPLE, header.toString());
    }

    @Test
    void keysInAnyOrderAndCase_andUnknownKeys_areRead() {
        TraceHeader header = TraceHeader.parse("sampled=0; Lineage=a87bd80c:1|68fd508a:5;root=1-5759e988-bd862e3fe1be46a994272793")
                .orElseThrow();

        assertEquals("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0", header.toString());
    }

    @Test
    void noHeader_orOneWithoutAValidRoot_isNone() {
        assertTrue(TraceHeader.parse(null).isEmpty());
        assertTrue(TraceHeader.parse("").isEmpty());
        assertTrue(TraceHeader.parse("Parent=53995c3f42cd8ad8").isEmpty());
        assertTrue(TraceHeader.parse("Root=1-nothex-xx;Sampled=1").isEmpty());
        assertTrue(TraceHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793\nX-Forged: 1").isEmpty(),
                "a header value with a line break is never carried on");
    }

    @Test
    void child_keepsRootAndSampling_withANewSixteenHexDigitParent() {
        TraceHeader header = TraceHeader.parse(DOC_EXAMPLE).orElseThrow();

        TraceHeader child = header.child(new SplittableRandom(1));

        assertEquals(header.root(), child.root());
        assertEquals("1", child.sampled());
        assertTrue(child.parent().matches("[0-9a-f]{16}"), child.parent());
        assertNotEquals(header.parent(), child.parent());
    }
}

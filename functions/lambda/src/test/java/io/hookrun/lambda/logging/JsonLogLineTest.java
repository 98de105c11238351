package io.hookrun.lambda.logging;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLogLineTest {

    private static final Instant T = Instant.parse("2026-12-01T13:45:06.789123Z");

    private static Json parse(String line) throws Exception {
        assertTrue(line.endsWith("\n"), "a line ends in a line break");
        assertEquals(line.indexOf('\n'), line.length() - 1, "exactly one line break, at the end: " + line);
        return Json.parse(line);
    }

    @Test
    void line_hasTheFixedFieldsWithAMillisecondUtcTimestamp() throws Exception {
        Json line = parse(JsonLogLine.format(T, Level.WARN, "io.hookrun.x.Y", "hello", "main", Map.of(), null));

        assertEquals("2026-12-01T13:45:06.789Z", line.text("timestamp"));
        assertEquals("WARN", line.text("level"));
        assertEquals("io.hookrun.x.Y", line.text("logger"));
        assertEquals("hello", line.text("message"));
        assertEquals("main", line.text("thread"));
        assertFalse(line.has("exception"));
    }

    @Test
    void message_withQuotesBackslashesLineBreaksAndControlCharacters_staysOneLineAndReadsBackTheSame() throws Exception {
        String nasty = "say \"hi\" \\ path C:\\x\nforged {\"level\":\"ERROR\"}\r\ttab \u0000nul \u001bescape \u007fdel"
                + " \u2028sep \u2029para";

        String text = JsonLogLine.format(T, Level.INFO, "l", nasty, "t", Map.of(), null);

        assertEquals(nasty, parse(text).text("message"));
        assertFalse(text.contains("\u2028") || text.contains("\u0000") || text.contains("\u001b"),
                "control characters and separators are escaped, not written raw");
    }

    @Test
    void unicode_outsideTheBmpIsKept_andAnUnpairedSurrogateIsEscaped() throws Exception {
        String text = "caf\u00e9 \u65e5\u672c \ud83d\ude80 lone \ud800 end";

        String line = JsonLogLine.format(T, Level.INFO, "l", text, "t", Map.of(), null);

        assertTrue(line.contains("caf\u00e9 \u65e5\u672c \ud83d\ude80"), "valid characters are written as they are");
        assertTrue(line.contains("\\ud800"), "an unpaired surrogate is escaped, so the line is valid UTF-8");
        assertEquals(text, parse(line).text("message"));
    }

    @Test
    void mdc_entriesAreFieldsOfTheirOwn_butNeverShadowTheFixedOnes() throws Exception {
        Json line = parse(JsonLogLine.format(T, Level.INFO, "l", "m", "t",
                Map.of("deliveryId", "d-\"1\"\n", "runId", "r1", "level", "forged"), null));

        assertEquals("d-\"1\"\n", line.text("deliveryId"));
        assertEquals("r1", line.text("runId"));
        assertEquals("INFO", line.text("level"));
    }

    @Test
    void exception_hasClassMessageAndTheWholeStackWithItsCauseAsOneString() throws Exception {
        IllegalStateException failure = new IllegalStateException("outer \"quoted\"\nline",
                new java.io.IOException("inner cause"));

        Json exception = parse(JsonLogLine.format(T, Level.ERROR, "l", "failed", "t", Map.of(), failure))
                .object("exception");

        assertEquals("java.lang.IllegalStateException", exception.text("class"));
        assertEquals("outer \"quoted\"\nline", exception.text("message"));
        String stack = exception.text("stack");
        assertTrue(stack.contains("JsonLogLineTest.exception_hasClassMessageAndTheWholeStack"), stack);
        assertTrue(stack.contains("Caused by: java.io.IOException: inner cause"), stack);
    }
}

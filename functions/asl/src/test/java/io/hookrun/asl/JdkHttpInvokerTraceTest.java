package io.hookrun.asl;

import io.hookrun.core.trace.TraceContext;
import io.hookrun.core.trace.TraceHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every outbound call of a Task continues the run's trace (ADR 0008), unless it sets the header itself. */
class JdkHttpInvokerTraceTest {

    private static final String TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    private static HttpInvoker.HttpCall call(Map<String, String> headers) {
        return new HttpInvoker.HttpCall("POST", URI.create("https://api.example.test/x"), headers, new byte[0],
                Duration.ofSeconds(5));
    }

    @AfterEach
    void clear() {
        TraceContext.clear();
    }

    @Test
    void underATrace_theCallSendsItsRootAndSampling_withAParentOfItsOwn() {
        TraceContext.set(TraceHeader.parse(TRACE).orElseThrow());

        TraceHeader sent = TraceHeader.parse(JdkHttpInvoker.traceHeader(call(Map.of())).orElseThrow()).orElseThrow();

        assertThat(sent.root()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        assertThat(sent.sampled()).isEqualTo("1");
        assertThat(sent.parent()).matches("[0-9a-f]{16}").isNotEqualTo("53995c3f42cd8ad8");
    }

    @Test
    void aCallThatSetsTheHeaderItself_keepsIts() {
        TraceContext.set(TraceHeader.parse(TRACE).orElseThrow());

        assertThat(JdkHttpInvoker.traceHeader(call(Map.of("x-amzn-trace-id", "Root=mine")))).isEmpty();
    }

    @Test
    void withoutATrace_nothingIsAdded() {
        assertThat(JdkHttpInvoker.traceHeader(call(Map.of()))).isEmpty();
    }
}

package io.hookrun.lambda;

import io.hookrun.core.trace.TraceContext;
import io.hookrun.core.trace.TraceHeader;
import io.hookrun.lambda.logging.LogContext;
import io.hookrun.lambda.telemetry.MetricNames;
import io.hookrun.lambda.telemetry.Metrics;
import io.hookrun.lambda.telemetry.RecordingMetrics;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the handler base does around every invocation: MDC, trace, ColdStart, one flush (ADR 0008). */
class LambdaHandlerTelemetryTest {

    private static final String TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    /** What a handler saw while it ran. */
    record Seen(String requestId, String traceId, Optional<TraceHeader> trace) {
    }

    static final class SeeingHandler extends LambdaHandler<String, String> {
        final List<Seen> seen = new ArrayList<>();

        SeeingHandler(RecordingMetrics metrics) {
            super(ApplicationContext.builder().singletons(metrics));
        }

        @Override
        protected String handle(String input, Invocation invocation) {
            seen.add(new Seen(MDC.get(LogContext.REQUEST_ID), MDC.get(LogContext.TRACE_ID), TraceContext.current()));
            metrics.count("Handled", Map.of());
            if (input.equals("fail")) {
                throw new IllegalStateException("bug");
            }
            return input;
        }
    }

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final SeeingHandler handler = new SeeingHandler(metrics);

    @AfterEach
    void close() {
        handler.close();
        System.clearProperty(LambdaHandler.TRACE_HEADER_PROPERTY);
    }

    private static TestLambdaContext context(String requestId) {
        return new TestLambdaContext("fn", requestId, Duration.ofSeconds(10));
    }

    @Test
    void aTestMetricsBean_replacesTheEmfOne() {
        assertSame(metrics, handler.getApplicationContext().getBean(Metrics.class));
    }

    @Test
    void invocation_hasRequestIdAndTraceInMdcAndTraceContext_andLeavesNothingBehind() {
        System.setProperty(LambdaHandler.TRACE_HEADER_PROPERTY, TRACE);

        handler.handleRequest("a", context("req-1"));

        Seen seen = handler.seen.get(0);
        assertEquals("req-1", seen.requestId());
        assertEquals("1-5759e988-bd862e3fe1be46a994272793", seen.traceId());
        assertEquals(TRACE, seen.trace().orElseThrow().toString());
        assertNull(MDC.get(LogContext.REQUEST_ID));
        assertTrue(TraceContext.current().isEmpty());
    }

    @Test
    void firstInvocationCountsColdStart_onlyOnce_andEveryInvocationFlushesOnce() {
        handler.handleRequest("a", context("req-1"));
        handler.handleRequest("b", context("req-2"));

        assertEquals(1.0, metrics.sum(MetricNames.COLD_START));
        assertEquals(2.0, metrics.sum("Handled"));
        assertEquals(2, metrics.flushes());
    }

    @Test
    void aFailingInvocation_stillFlushes_andClearsTheMdc() {
        assertThrows(IllegalStateException.class, () -> handler.handleRequest("fail", context("req-1")));

        assertEquals(1, metrics.flushes());
        assertNull(MDC.get(LogContext.REQUEST_ID));
    }

    @Test
    void afterRestore_theNextInvocationCountsColdStartAgain() {
        handler.handleRequest("a", context("req-1"));

        handler.countNextInvocationAsColdStart();
        handler.handleRequest("b", context("req-2"));

        assertEquals(2.0, metrics.sum(MetricNames.COLD_START));
    }

    @Test
    void aRestoreFromASnapshot_dropsWhatPrimingRecorded_andCountsTheNextInvocationAsAColdStart() {
        handler.handleRequest("a", context("req-1"));
        metrics.count(MetricNames.EVENTS_RECEIVED, Map.of()); // recorded by priming, before the snapshot

        handler.restoredFromSnapshot();
        handler.handleRequest("b", context("req-2"));

        assertEquals(0.0, metrics.sum(MetricNames.EVENTS_RECEIVED));
        assertEquals(1.0, metrics.sum(MetricNames.COLD_START));
        assertEquals(1.0, metrics.sum("Handled"));
    }
}

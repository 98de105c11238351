package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.time.Deadline;
import io.hookrun.core.trace.TraceContext;
import io.hookrun.core.trace.TraceHeader;
import io.hookrun.lambda.logging.LogContext;
import io.hookrun.lambda.telemetry.MetricNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 0008 on the step side: each record runs under the trace SQS kept with it (else the invocation's), with the run's
 * ids and the state in the MDC, cleared when the record is done; states and runs are counted as they end.
 */
class StepTelemetryTest {

    private static final String RECORD_TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private static final String INVOCATION_TRACE = "Root=1-6759e988-0d862e3fe1be46a994272793;Parent=63995c3f42cd8ad8;Sampled=0";

    private final StepFixture fixture = new StepFixture();
    /** What a Task's HTTP call saw: the trace it was made under and the MDC. */
    private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void clean() {
        TraceContext.clear();
        MDC.clear();
    }

    private void recordWhatTheCallSees() {
        fixture.http.answer = call -> {
            Map<String, String> mdc = new java.util.HashMap<>(MDC.getCopyOfContextMap());
            mdc.put("header", TraceContext.current().map(TraceHeader::toString).orElse("none"));
            seen.add(mdc);
            return StepFixture.ScriptedHttp.ok("{}");
        };
    }

    private static SQSMessage withTrace(SQSMessage record, String header) {
        Map<String, String> attributes = new java.util.HashMap<>(record.getAttributes());
        attributes.put(TraceHeader.SQS_ATTRIBUTE, header);
        record.setAttributes(attributes);
        return record;
    }

    @Test
    void aRecordWithAnAwsTraceHeader_runsUnderIt_withTheRunsIdsInTheMdc_andLeavesNothingBehind() {
        fixture.workflow("wf", "Call", StepFixture.task("Call", "'End': true"));
        recordWhatTheCallSees();
        CloudEvent event = fixture.event("wf", "{'n': 1}");
        TraceContext.set(TraceHeader.parse(INVOCATION_TRACE).orElseThrow());

        fixture.batch.process(List.of(withTrace(fixture.eventRecord(event, 1), RECORD_TRACE)), Deadline.none());

        assertThat(seen).singleElement().satisfies(mdc -> {
            assertThat(mdc).containsEntry("header", RECORD_TRACE)
                    .containsEntry(LogContext.TRACE_ID, "1-5759e988-bd862e3fe1be46a994272793")
                    .containsEntry(LogContext.RUN_ID, event.hookrunrunid())
                    .containsEntry(LogContext.STATE, "Call")
                    .containsEntry(LogContext.TRIGGER_ID, "trg-1")
                    .containsEntry(LogContext.DELIVERY_ID, event.id());
        });
        assertThat(MDC.get(LogContext.RUN_ID)).isNull();
        assertThat(MDC.get(LogContext.DELIVERY_ID)).isNull();
        assertThat(TraceContext.current().map(TraceHeader::toString)).contains(INVOCATION_TRACE);
    }

    @Test
    void aRecordWithoutOne_runsUnderTheInvocationsTrace() {
        fixture.workflow("wf", "Call", StepFixture.task("Call", "'End': true"));
        recordWhatTheCallSees();
        TraceContext.set(TraceHeader.parse(INVOCATION_TRACE).orElseThrow());

        fixture.batch.process(List.of(fixture.eventRecord(fixture.event("wf", "{}"), 1)), Deadline.none());

        assertThat(seen).singleElement().satisfies(mdc -> assertThat(mdc).containsEntry("header", INVOCATION_TRACE));
    }

    @Test
    void everyEndedState_andTheRunsEnd_areCounted_withTheirDurations() {
        fixture.workflow("wf", "A", "'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Pass', 'End': true}");
        CloudEvent event = fixture.event("wf", "{}");

        fixture.batch.process(List.of(fixture.eventRecord(event, 1)), Deadline.none());
        fixture.batch.process(List.of(fixture.stepRecord(fixture.queue.steps().get(0), 1)), Deadline.none());

        assertThat(fixture.status(event)).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.metrics.sum(MetricNames.STATES_SUCCEEDED)).isEqualTo(2);
        assertThat(fixture.metrics.named(MetricNames.STATE_DURATION)).hasSize(2);
        assertThat(fixture.metrics.sum(MetricNames.RUNS_SUCCEEDED)).isEqualTo(1);
        assertThat(fixture.metrics.named(MetricNames.RUN_DURATION)).hasSize(1);
        assertThat(fixture.metrics.named(MetricNames.STATES_FAILED)).isEmpty();
    }

    @Test
    void aStateThatFails_andItsRun_areCountedFailed() {
        fixture.workflow("wf", "Boom", "'Boom': {'Type': 'Fail', 'Error': 'Custom.Error'}");
        CloudEvent event = fixture.event("wf", "{}");

        fixture.batch.process(List.of(fixture.eventRecord(event, 1)), Deadline.none());

        assertThat(fixture.status(event)).isEqualTo(RunStatus.FAILED);
        assertThat(fixture.metrics.sum(MetricNames.STATES_FAILED)).isEqualTo(1);
        assertThat(fixture.metrics.sum(MetricNames.RUNS_FAILED)).isEqualTo(1);
        assertThat(fixture.metrics.named(MetricNames.RUNS_SUCCEEDED)).isEmpty();
    }
}

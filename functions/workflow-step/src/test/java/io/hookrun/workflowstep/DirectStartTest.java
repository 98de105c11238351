package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.hookrun.workflowstep.StepFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs started from the admin API: {@code start} records through the batch processor and the router. */
class DirectStartTest {

    private final StepFixture fixture = new StepFixture();

    private StartRunMessage start(String workflowId, String name, String input) {
        return new StartRunMessage(UUID.randomUUID().toString(), workflowId, name, input, T0.toString());
    }

    private Run run(StartRunMessage start) {
        return fixture.history.findRun(UUID.fromString(start.runId())).orElseThrow();
    }

    @Test
    void aStartRecord_createsARunWithoutTriggerWhoseInputIsTheRawJson_andRunsIt() {
        fixture.workflow("wf-echo", "Echo", "'Echo': {'Type': 'Pass', 'End': true}");
        StartRunMessage start = start("wf-echo", "first", "{\"a\": [1, 2]}");

        SQSBatchResponse response = fixture.batch.process(List.of(fixture.startRecord(start, 1)), Deadline.none());

        assertThat(response.getBatchItemFailures()).isEmpty();
        Run run = run(start);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.triggerId()).isNull();
        assertThat(run.workflowId()).isEqualTo("wf-echo");
        assertThat(run.eventId()).isEqualTo("first");
        assertThat(run.createdAt()).isEqualTo(T0);
        assertThat(fixture.output(run.id())).isEqualTo(Map.of("a", List.of(1, 2)));
    }

    @Test
    void aRedeliveredStart_doesNotRunTheFirstStateAgain() {
        fixture.workflow("wf-call", "Call", StepFixture.task("Call", "'End': true"));
        StartRunMessage start = start("wf-call", null, "{}");

        fixture.batch.process(List.of(fixture.startRecord(start, 1)), Deadline.none());
        fixture.batch.process(List.of(fixture.startRecord(start, 2)), Deadline.none());

        assertThat(fixture.http.calls).hasSize(1);
        assertThat(run(start).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aStartOfAWorkflowThatDoesNotExist_failsTheRunWorkflowNotFound() {
        StartRunMessage start = start("wf-missing", null, "{}");

        fixture.batch.process(List.of(fixture.startRecord(start, 1)), Deadline.none());

        assertThat(run(start).status()).isEqualTo(RunStatus.FAILED);
        assertThat(run(start).error()).isEqualTo(RunStarter.WORKFLOW_NOT_FOUND);
    }

    @Test
    void aStartWhoseInputIsNotJson_failsTheRunInvalidInput() {
        fixture.workflow("wf-echo", "Echo", "'Echo': {'Type': 'Pass', 'End': true}");
        StartRunMessage start = start("wf-echo", null, "{not json");

        fixture.batch.process(List.of(fixture.startRecord(start, 1)), Deadline.none());

        assertThat(run(start).status()).isEqualTo(RunStatus.FAILED);
        assertThat(run(start).error()).isEqualTo(RunStarter.INVALID_INPUT);
    }

    @Test
    void aStartThatFailsOnItsLastDelivery_createsItsRunFailedSoTheRunIdAnswers() {
        fixture.workflow("wf-echo", "Echo", "'Echo': {'Type': 'Pass', 'End': true}");
        StartRunMessage start = start("wf-echo", "nightly", "{\"n\": 1}");
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        fixture.store.before("findRun", () -> {
            if (first.getAndSet(false)) {
                throw new IllegalStateException("a bug in the start path");
            }
        });

        SQSBatchResponse response = fixture.batch.process(List.of(fixture.startRecord(start, 3)), Deadline.none());

        assertThat(response.getBatchItemFailures()).hasSize(1);
        Run run = run(start);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo(StepExecutor.STEP_ABANDONED);
        assertThat(run.cause()).contains("last delivery (3 of 3)").contains("a bug in the start path");
        assertThat(run.eventId()).isEqualTo("nightly");
        assertThat(run.input()).isEqualTo("{\"n\": 1}");
        assertThat(run.triggerId()).isNull();
    }
}

package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.hookrun.workflowstep.StepFixture.T0;
import static io.hookrun.workflowstep.StepFixture.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link StepExecutor} (with the run starter in front of it, and the batch processor where the last delivery matters)
 * over the in-memory twins. The queue's maxReceiveCount is 3 in these tests.
 */
class StepExecutorTest {

    private final StepFixture fixture = new StepFixture();

    private CloudEvent startTaskWorkflow() {
        fixture.workflow("wf-task", "Call", task("Call", "'End': true"));
        return fixture.event("wf-task", "{'orderId': 'o-1'}");
    }

    private void start(CloudEvent event, int receiveCount) {
        fixture.starter.start(event, StepFixture.write(event), receiveCount, Deadline.none());
    }

    private List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    // ---- transport errors are the state's own errors ----

    @Test
    void aConnectionRefusedWithoutRetryRule_failsTheRunStatesHttpSocketOnTheFirstDelivery() {
        CloudEvent event = startTaskWorkflow();
        fixture.http.answer = call -> {
            throw new ConnectException("Connection refused");
        };

        start(event, 1);

        Run run = fixture.run(event);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo("States.Http.Socket");
        assertThat(fixture.state(event, 0).status()).isEqualTo(StateStatus.FAILED);
        assertThat(fixture.http.calls).hasSize(1);
        assertThat(fixture.queue.steps()).isEmpty();
    }

    @Test
    void aCallCutShortByTheEndOfTheInvocation_releasesTheClaimAndSpendsADelivery_andOnTheLastOneEndsTheRun() {
        CloudEvent event = startTaskWorkflow();
        fixture.http.answer = call -> {
            throw new java.net.http.HttpTimeoutException("request timed out"); // the invocation's time, not the state's
        };

        assertThatThrownBy(() -> fixture.starter.start(event, StepFixture.write(event), 1, Deadline.in(Duration.ofSeconds(10))))
                .isInstanceOf(StepCutShortException.class).hasMessageContaining("cut short");
        assertThat(fixture.state(event, 0).leaseUntil()).as("claim released").isNull();

        var last = fixture.eventRecord(event, 3);
        SQSBatchResponse response = fixture.batch.process(List.of(last), Deadline.in(Duration.ofSeconds(10)));

        assertThat(failedIds(response)).containsExactly(last.getMessageId());
        assertThat(fixture.queue.resent()).as("not re-sent as an outage").isEmpty();
        assertThat(fixture.run(event).status()).isEqualTo(RunStatus.FAILED);
        assertThat(fixture.run(event).error()).isEqualTo(StepExecutor.STEP_ABANDONED);
        assertThat(fixture.http.calls).hasSize(2).extracting(call -> call.headers().get("Idempotency-Key"))
                .containsOnly(event.hookrunrunid() + ":0");
    }

    // ---- unexpected exceptions ----

    @Test
    void unexpectedExceptionBeforeTheLastDelivery_releasesTheClaimSoTheNextDeliveryExecutesTheState() {
        CloudEvent event = startTaskWorkflow();
        fixture.http.answer = call -> {
            throw new IllegalStateException("boom");
        };

        assertThatThrownBy(() -> start(event, 1)).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        assertThat(fixture.state(event, 0).leaseUntil()).as("claim released").isNull();
        fixture.http.answer = call -> StepFixture.ScriptedHttp.ok("{}");
        start(event, 2); // without the release this would be "executing elsewhere" for the next 90 s
        assertThat(fixture.status(event)).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void unexpectedExceptionOnEveryDelivery_endsTheRunStepAbandonedOnTheLastOneAndSendsTheMessageToTheDlq() {
        CloudEvent event = startTaskWorkflow();
        fixture.http.answer = call -> {
            throw new IllegalStateException("evaluation exploded");
        };

        for (int delivery = 1; delivery <= 2; delivery++) {
            var record = fixture.eventRecord(event, delivery);
            SQSBatchResponse response = fixture.batch.process(List.of(record), Deadline.none());
            assertThat(failedIds(response)).containsExactly(record.getMessageId());
            assertThat(fixture.status(event)).isEqualTo(RunStatus.RUNNING);
            assertThat(fixture.queue.visibilityChanges()).containsEntry(record.getReceiptHandle(), 1 << delivery);
        }
        var last = fixture.eventRecord(event, 3);
        SQSBatchResponse response = fixture.batch.process(List.of(last), Deadline.none());

        assertThat(failedIds(response)).as("reported, so the queue moves it to the DLQ").containsExactly(last.getMessageId());
        assertThat(fixture.queue.visibilityChanges()).as("at once").containsEntry(last.getReceiptHandle(), 0);
        assertThat(fixture.http.calls).as("each delivery executed the state").hasSize(3);
        Run run = fixture.run(event);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo(StepExecutor.STEP_ABANDONED);
        assertThat(run.cause()).contains("last delivery (3 of 3)")
                .contains("java.lang.IllegalStateException: evaluation exploded");
        StateExecution state = fixture.state(event, 0);
        assertThat(state.status()).isEqualTo(StateStatus.FAILED);
        assertThat(state.error()).isEqualTo(StepExecutor.STEP_ABANDONED);
        assertThat(fixture.queue.resent()).isEmpty();
    }

    // ---- the state cap ----

    @Test
    void theStateCap_failsTheRunStateLimitExceededWithoutExecutingTheState() {
        StepFixture.Settings settings = new StepFixture.Settings();
        settings.maxStates = 1;
        StepFixture capped = new StepFixture(settings);
        capped.workflow("wf-loop", "A", "'A': {'Type': 'Pass', 'Next': 'B'}, " + task("B", "'End': true"));
        CloudEvent event = capped.event("wf-loop", "{}");
        capped.starter.start(event, StepFixture.write(event), 1, Deadline.none());
        StepMessage second = capped.queue.steps().getFirst();

        capped.executor.execute(second, 1, Deadline.none());

        Run run = capped.run(event);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo("hookrun.StateLimitExceeded");
        assertThat(run.cause()).isEqualTo("the run executed 1 states without ending");
        assertThat(capped.http.calls).isEmpty();
        assertThat(capped.queue.steps()).containsExactly(second);
    }

    // ---- an unknown run ----

    @Test
    void aStepOfAnUnknownRun_isDroppedOnceWithoutRetryOrAnyWrite() {
        StepMessage orphan = new StepMessage(UUID.randomUUID().toString(), 4, "Somewhere");
        var record = fixture.stepRecord(orphan, 1);

        SQSBatchResponse response = fixture.batch.process(List.of(record), Deadline.none());

        assertThat(failedIds(response)).as("not retried: the run will never appear").isEmpty();
        assertThat(fixture.history.findRun(UUID.fromString(orphan.runId()))).isEmpty();
        assertThat(fixture.history.stateExecutions(UUID.fromString(orphan.runId()))).isEmpty();
        assertThat(fixture.queue.steps()).isEmpty();
        assertThat(fixture.queue.visibilityChanges()).isEmpty();
    }

    // ---- failures that would recur on every retry ----

    @Test
    void aNulFromThePayloadReachingAFailCause_isStoredReplacedInsteadOfRefusedOnEveryRetry() {
        fixture.workflow("wf-fail", "Refuse",
                "'Refuse': {'Type': 'Fail', 'Error': 'Order.Bad', 'Cause': '{% \\'bad: \\' & $states.input.data.note %}'}");
        CloudEvent event = fixture.event("wf-fail", "{'note': 'a\\u0000b'}");

        start(event, 1);

        Run run = fixture.run(event);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo("Order.Bad");
        assertThat(run.cause()).isEqualTo("bad: a\uFFFDb");
        assertThat(fixture.state(event, 0).cause()).isEqualTo("bad: a\uFFFDb");
    }

    @Test
    void anOutputTheJsonWriterCannotWrite_failsTheStateStatesRuntime() {
        CloudEvent event = startTaskWorkflow();
        // 1,000 levels parse (the parser's limit); inside the task result they are one level too deep to write
        String deep = "[".repeat(1_000) + "]".repeat(1_000);
        fixture.http.answer = call -> StepFixture.ScriptedHttp.ok(deep);

        start(event, 1);

        Run run = fixture.run(event);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo("States.Runtime");
        assertThat(run.cause()).startsWith("States.Call: the output cannot be written as JSON: ");
        assertThat(fixture.state(event, 0).status()).isEqualTo(StateStatus.FAILED);
        assertThat(fixture.queue.steps()).isEmpty();
    }

    @Test
    void aTimeoutSecondsFarBeyondTheCapInAnOlderRunSnapshot_isCutAtTheDeadline() {
        UUID runId = UUID.randomUUID();
        String definition = StepFixture.json("{'QueryLanguage': 'JSONata', 'StartAt': 'Call', 'States': {"
                + "'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', 'TimeoutSeconds': "
                + 99_999_999 + ", 'Arguments': {'ApiEndpoint': 'https://api.example.test/x', 'Method': 'GET'}, 'End': true}}}");
        fixture.history.createRun(new Run(runId, "trg-1", "wf-old", "evt-1", RunStatus.RUNNING, "{}", null, null, null,
                definition, T0, T0, null));

        fixture.executor.execute(new StepMessage(runId.toString(), 0, "Call"), 1, Deadline.in(Duration.ofSeconds(20)));

        assertThat(fixture.history.findRun(runId).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.http.calls).singleElement()
                .satisfies(call -> assertThat(call.timeout()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(17)));
    }

    @Test
    void aTimeoutSecondsAboveWhatTheFunctionAllows_failsTheNewRunInvalidDefinition() {
        fixture.workflow("wf-slow", "Call", "'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
                + "'TimeoutSeconds': 60, 'Arguments': {'ApiEndpoint': 'https://api.example.test/x', 'Method': 'GET'}, 'End': true}");
        CloudEvent event = fixture.event("wf-slow", "{}");

        start(event, 1);

        Run run = fixture.run(event);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo(StepExecutor.INVALID_DEFINITION);
        assertThat(run.cause()).startsWith("States.Call.TimeoutSeconds: must be at most 27");
        assertThat(fixture.http.calls).isEmpty();
    }

    @Test
    void aSnapshotThatNoLongerParses_failsTheRunInvalidDefinitionInsteadOfLooping() {
        UUID runId = UUID.randomUUID();
        fixture.history.createRun(new Run(runId, "trg-1", "wf-old", "evt-1", RunStatus.RUNNING, "{}", null, null, null,
                "{\"StartAt\": 42}", T0, T0, null));

        fixture.executor.execute(new StepMessage(runId.toString(), 0, "A"), 1, Deadline.none());

        Run run = fixture.history.findRun(runId).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo(StepExecutor.INVALID_DEFINITION);
        assertThat(run.cause()).startsWith("the run's definition does not parse: ");
    }

    // ---- held steps and time ----

    @Test
    void aStepHeldByALiveLeaseOfAnotherAttempt_isBusyUntilTheLeaseEnds() {
        CloudEvent event = startTaskWorkflow();
        fixture.http.answer = call -> {
            throw new IllegalStateException("first attempt dies mid-state");
        };
        UUID runId = UUID.fromString(event.hookrunrunid());
        try {
            start(event, 1);
        } catch (IllegalStateException expected) {
            // released; now another attempt takes it and holds it
        }
        fixture.history.claimState(new RunHistory.StateStart(runId, "", 0, "Call", "Task", "{}", null), T0,
                Duration.ofSeconds(90));

        assertThatThrownBy(() -> start(event, 2)).isInstanceOfSatisfying(StateBusyException.class,
                busy -> assertThat(busy.leaseUntil()).isEqualTo(T0.plusSeconds(90)));
        assertThat(fixture.http.calls).hasSize(1);
    }

    @Test
    void aTaskWithTooLittleOfTheInvocationLeft_isNotStartedAndNothingIsClaimed() {
        CloudEvent event = startTaskWorkflow();

        assertThatThrownBy(() -> fixture.starter.start(event, StepFixture.write(event), 1,
                Deadline.in(Duration.ofMillis(3_500)))).isInstanceOf(StepNotStartedException.class);

        assertThat(fixture.history.stateExecutions(UUID.fromString(event.hookrunrunid()))).isEmpty();
        assertThat(fixture.http.calls).isEmpty();
    }
}

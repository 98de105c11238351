package io.hookrun.workflowstep;

import io.hookrun.asl.HttpInvoker.HttpResult;
import io.hookrun.core.message.InMemoryStepQueue.DelayedStep;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.hookrun.workflowstep.StepFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wait states and Retry intervals as SQS delays (ADR 0005): a wait longer than SQS's 15 minutes is a chain of
 * re-sent messages that writes nothing; a Retry attempt is a RETRIED row and a delayed message; every attempt of one
 * state visit calls with the same idempotency key and sees the visit's entered time.
 */
class WaitAndRetryTest {

    private final StepFixture fixture = new StepFixture();

    private UUID waitWorkflow(String seconds) {
        fixture.workflow("wf-wait", "Hold", "'Hold': {'Type': 'Wait', 'Seconds': " + seconds + ", 'Next': 'Done'}, "
                + "'Done': {'Type': 'Pass', 'Output': '{% $states.context.State.EnteredTime %}', 'End': true}");
        return fixture.startDirect("wf-wait", "{'n': 1}");
    }

    private List<DelayedStep> stepsOf(String stateName) {
        return fixture.queue.delayedSteps().stream().filter(s -> s.step().stateName().equals(stateName)).toList();
    }

    @Test
    void aTwoHourWait_isEightMessagesOf900SecondsThatWriteNothing_andTheNextStateStartsAfterTwoHours() {
        UUID runId = waitWorkflow("7200");

        new QueueDriver(fixture, 1, 1).drain(100);

        assertThat(stepsOf("Done")).extracting(DelayedStep::delaySeconds).containsExactly(900, 900, 900, 900, 900, 900,
                900, 900);
        assertThat(stepsOf("Done")).extracting(DelayedStep::step).allSatisfy(step -> {
            assertThat(step.sequence()).isEqualTo(1);
            assertThat(step.notBefore()).isEqualTo(T0.plus(Duration.ofHours(2)));
        });
        assertThat(fixture.frame(runId, "")).extracting(StateExecution::stateName).containsExactly("Hold", "Done");
        StateExecution hold = fixture.frame(runId, "").getFirst();
        assertThat(hold.nextNotBefore()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo("2026-01-01T12:00:00.000Z");
    }

    @Test
    void aWeekLongWait_costsOneMessageEvery15Minutes() {
        UUID runId = waitWorkflow("604800");

        new QueueDriver(fixture, 1, 1).drain(1_000);

        assertThat(stepsOf("Done")).hasSize(604_800 / 900);
        assertThat(fixture.history.stateExecutions(runId)).hasSize(2);
        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.clock.instant()).isEqualTo(T0.plus(Duration.ofDays(7)));
    }

    @Test
    void aWaitOfAFewSeconds_isOneMessageDelayedByThem() {
        UUID runId = waitWorkflow("2");

        new QueueDriver(fixture, 1, 1).drain(10);

        assertThat(stepsOf("Done")).extracting(DelayedStep::delaySeconds).containsExactly(2);
        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aMessageDeliveredBeforeItsNotBefore_isSentOnWithTheDelayLeftAndNothingIsWritten() {
        UUID runId = waitWorkflow("3600");
        StepMessage next = fixture.queue.steps().getFirst();
        fixture.clock.advance(Duration.ofSeconds(3000).plusMillis(300)); // 599.7 s early
        List<StateExecution> before = fixture.history.stateExecutions(runId);

        fixture.executor.execute(next, 1, Deadline.none());

        assertThat(fixture.queue.delayedSteps()).last().isEqualTo(new DelayedStep(next, 600));
        assertThat(fixture.history.stateExecutions(runId)).isEqualTo(before);
    }

    @Test
    void aWaitThatEndsTheRun_endsItWhenTheWaitIsOver() {
        fixture.workflow("wf-end-wait", "Hold", "'Hold': {'Type': 'Wait', 'Seconds': 1800, 'End': true}");
        UUID runId = fixture.startDirect("wf-end-wait", "{'kept': true}");

        assertThat(fixture.run(runId).status()).as("still waiting").isEqualTo(RunStatus.RUNNING);
        new QueueDriver(fixture, 1, 1).drain(10);

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.run(runId).finishedAt()).isEqualTo(T0.plusSeconds(1800));
        assertThat(fixture.output(runId)).isEqualTo(Map.of("kept", true));
    }

    // ---- Retry ----

    private static HttpResult status(int code) {
        return new HttpResult(code, Map.of("Content-Type", List.of("application/json")),
                "{\"attempt\":true}".getBytes(StandardCharsets.UTF_8));
    }

    private UUID retryWorkflow() {
        fixture.workflow("wf-retry", "Call", "'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
                + "'Arguments': {'ApiEndpoint': 'https://api.example.test/flaky', 'Method': 'POST'}, "
                + "'Retry': [{'ErrorEquals': ['States.Http.StatusCode.503'], 'IntervalSeconds': 3, 'MaxAttempts': 3, "
                + "'BackoffRate': 2}], "
                + "'Output': {'retries': '{% $states.context.State.RetryCount %}', "
                + "'entered': '{% $states.context.State.EnteredTime %}'}, 'End': true}");
        return fixture.startDirect("wf-retry", "{}");
    }

    @Test
    void aRetriedTask_isOneRetriedRowPerAttemptWithTheIntervalAsSqsDelays_andOneIdempotencyKey() {
        AtomicInteger calls = new AtomicInteger();
        fixture.http.answer = call -> calls.incrementAndGet() <= 2 ? status(503) : status(200);
        UUID runId = retryWorkflow();

        new QueueDriver(fixture, 1, 1).drain(10);

        List<StateExecution> steps = fixture.frame(runId, "");
        assertThat(steps).extracting(StateExecution::status)
                .containsExactly(StateStatus.RETRIED, StateStatus.RETRIED, StateStatus.SUCCEEDED);
        assertThat(steps).extracting(StateExecution::stateName).containsOnly("Call");
        assertThat(steps.get(0).error()).isEqualTo("States.Http.StatusCode.503");
        assertThat(steps.get(0).nextState()).isEqualTo("Call");
        assertThat(steps.get(0).nextNotBefore()).isEqualTo(T0.plusSeconds(3));
        assertThat(steps.get(1).nextNotBefore()).isEqualTo(T0.plusSeconds(3 + 6));
        assertThat(fixture.queue.delayedSteps()).extracting(DelayedStep::delaySeconds).containsExactly(3, 6);
        assertThat(fixture.http.calls).extracting(call -> call.headers().get("Idempotency-Key"))
                .containsOnly(runId + ":0").hasSize(3);
        assertThat(fixture.output(runId)).isEqualTo(Map.of("retries", 2, "entered", "2026-01-01T10:00:00.000Z"));
    }

    @Test
    void aRetryThatRunsOut_failsTheRunWithTheLastError() {
        fixture.http.answer = call -> status(503);
        UUID runId = retryWorkflow();

        new QueueDriver(fixture, 1, 1).drain(10);

        assertThat(fixture.frame(runId, "")).extracting(StateExecution::status).containsExactly(StateStatus.RETRIED,
                StateStatus.RETRIED, StateStatus.RETRIED, StateStatus.FAILED);
        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(fixture.run(runId).error()).isEqualTo("States.Http.StatusCode.503");
        assertThat(fixture.clock.instant()).isEqualTo(T0.plusSeconds(3 + 6 + 12));
    }

    @Test
    void aRetryIntervalLongerThanSqsCanDelay_isChainedLikeAWait() {
        fixture.workflow("wf-slow-retry", "Call", "'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
                + "'Arguments': {'ApiEndpoint': 'https://api.example.test/x', 'Method': 'GET'}, "
                + "'Retry': [{'ErrorEquals': ['States.ALL'], 'IntervalSeconds': 2000, 'MaxAttempts': 1}], 'End': true}");
        AtomicInteger calls = new AtomicInteger();
        fixture.http.answer = call -> calls.incrementAndGet() == 1 ? status(500) : status(200);
        UUID runId = fixture.startDirect("wf-slow-retry", "{}");

        new QueueDriver(fixture, 1, 1).drain(10);

        assertThat(fixture.queue.delayedSteps()).extracting(DelayedStep::delaySeconds).containsExactly(900, 900, 200);
        assertThat(fixture.frame(runId, "").get(1).startedAt()).isEqualTo(T0.plusSeconds(2000));
        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void theSameStateVisitedTwice_usesTwoIdempotencyKeys() {
        fixture.workflow("wf-twice", "Init", "'Init': {'Type': 'Pass', 'Assign': {'visits': 0}, 'Next': 'Call'}, "
                + "'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
                + "'Arguments': {'ApiEndpoint': 'https://api.example.test/x', 'Method': 'GET'}, "
                + "'Assign': {'visits': '{% $visits + 1 %}'}, 'Next': 'Again'}, "
                + "'Again': {'Type': 'Choice', 'Choices': [{'Condition': '{% $visits < 2 %}', 'Next': 'Call'}], "
                + "'Default': 'Done'}, 'Done': {'Type': 'Succeed'}");
        UUID runId = fixture.startDirect("wf-twice", "{}");

        new QueueDriver(fixture, 1, 1).drain(10);

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.http.calls).extracting(call -> call.headers().get("Idempotency-Key"))
                .containsExactly(runId + ":1", runId + ":3");
    }

    @Test
    void theRetryMemo_keepsTheVisitAcrossAttempts() {
        AtomicInteger calls = new AtomicInteger();
        fixture.http.answer = call -> calls.incrementAndGet() == 1 ? status(503) : status(200);
        UUID runId = retryWorkflow();

        new QueueDriver(fixture, 1, 1).drain(10);

        StateExecution retried = fixture.frame(runId, "").getFirst();
        RetryMemo memo = RetryMemo.fromJson(new io.hookrun.core.json.JsonText(StepFixture.MAPPER), retried.retries(),
                -1, Instant.EPOCH);
        assertThat(memo).isEqualTo(new RetryMemo(List.of(1), 0, T0));
    }
}

package io.hookrun.workflowstep;

import io.hookrun.core.callback.CallbackToken;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.InMemoryStepQueue.DelayedStep;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.RunHistory.CallbackAnswer;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.hookrun.workflowstep.StepFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code .waitForTaskToken} Tasks on the in-memory fixture (ADR 0007, "Callbacks"): the call carries
 * {@code $states.context.Task.Token}; the step pauses; a callback (recorded as the admin function records it, then
 * its step message) resumes it through Output/Assign or Retry/Catch; deadlines are delayed messages that fail it
 * {@code States.Timeout} or {@code States.HeartbeatTimeout}; a heartbeat moves the heartbeat deadline.
 */
class CallbackStepTest {

    private final StepFixture fixture = new StepFixture();
    private final JsonText json = new JsonText(StepFixture.MAPPER);
    /** Messages sent and not yet delivered, with when they are due on the fixture's clock. */
    private final List<Map.Entry<StepMessage, Instant>> pending = new ArrayList<>();
    private int seen;

    /** A workflow whose 'Approve' state waits for a callback, with these extra fields. */
    private UUID start(String approveFields, String more) {
        fixture.workflow("wf-approve", "Approve", "'Approve': {'Type': 'Task', "
                + "'Resource': 'arn:aws:states:::http:invoke.waitForTaskToken', "
                + "'Arguments': {'ApiEndpoint': 'https://approvals.example.test/ask', 'Method': 'POST', "
                + "'RequestBody': {'token': '{% $states.context.Task.Token %}', 'order': '{% $states.input.order %}'}}"
                + approveFields + "}" + more);
        UUID runId = fixture.startDirect("wf-approve", "{'order': 42}");
        deliverDue();
        return runId;
    }

    /** Delivers every message due now (and those they send that are due now), without moving the clock. */
    private void deliverDue() {
        for (int rounds = 0; rounds < 100; rounds++) {
            List<DelayedStep> sent = fixture.queue.delayedSteps();
            for (DelayedStep step : sent.subList(seen, sent.size())) {
                pending.add(Map.entry(step.step(), fixture.clock.instant().plusSeconds(step.delaySeconds())));
            }
            seen = sent.size();
            Instant now = fixture.clock.instant();
            Map.Entry<StepMessage, Instant> due = pending.stream().filter(e -> !e.getValue().isAfter(now)).findFirst()
                    .orElse(null);
            if (due == null) {
                return;
            }
            pending.remove(due);
            fixture.executor.execute(due.getKey(), 1, Deadline.none());
        }
        throw new AssertionError("messages kept coming");
    }

    private void advance(Duration duration) {
        fixture.clock.advance(duration);
        deliverDue();
    }

    /** The token the downstream received in its request body. */
    private String tokenSent(int call) {
        String body = new String(fixture.http.calls.get(call).body(), StandardCharsets.UTF_8);
        return (String) ((Map<?, ?>) json.parse(body)).get("token");
    }

    /** What POST /callbacks/{token}/success|failure does: record the answer, then send the step's message. */
    private CallbackAnswer callback(String token, String output, String error, String cause) {
        CallbackToken step = fixture.callbackTokens.verify(token).orElseThrow();
        CallbackAnswer answer = fixture.history.answerCallback(step.runId(), step.frame(), step.sequence(), output,
                error, cause, fixture.clock.instant());
        if (answer == CallbackAnswer.RECORDED) {
            StateExecution row = fixture.history.stateExecution(step.runId(), step.frame(), step.sequence())
                    .orElseThrow();
            fixture.queue.sendStep(new StepMessage(step.runId().toString(), step.frame(), step.sequence(),
                    row.stateName(), null));
        }
        deliverDue();
        return answer;
    }

    private CallbackAnswer heartbeat(String token) {
        CallbackToken step = fixture.callbackTokens.verify(token).orElseThrow();
        StateExecution row = fixture.history.stateExecution(step.runId(), step.frame(), step.sequence()).orElseThrow();
        return fixture.history.heartbeat(step.runId(), step.frame(), step.sequence(), row.taskWait().heartbeat(),
                fixture.clock.instant());
    }

    @Test
    void theCallSendsTheStepsTokenAndTheStepPauses() {
        UUID runId = start(", 'End': true", "");

        assertThat(fixture.http.calls).hasSize(1);
        assertThat(fixture.callbackTokens.verify(tokenSent(0))).contains(new CallbackToken(runId, "", 0));
        assertThat(fixture.frame(runId, "").getFirst().status()).isEqualTo(StateStatus.PAUSED);
        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.RUNNING);
        assertThat(pending).as("no deadline: no message waits").isEmpty();
    }

    @Test
    void aSuccessCallbackResumesWithItsOutputThroughOutputAndAssign() {
        UUID runId = start(", 'Assign': {'approvedBy': '{% $states.result.by %}'}, "
                + "'Output': {'ok': '{% $states.result.approved %}', 'order': '{% $states.input.order %}'}, "
                + "'Next': 'Done'", ", 'Done': {'Type': 'Pass', 'Output': {'by': '{% $approvedBy %}', "
                + "'ok': '{% $states.input.ok %}', 'order': '{% $states.input.order %}'}, 'End': true}");

        assertThat(callback(tokenSent(0), "{\"approved\":true,\"by\":\"ana\"}", null, null))
                .isEqualTo(CallbackAnswer.RECORDED);

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo(Map.of("by", "ana", "ok", true, "order", 42));
        assertThat(fixture.http.calls).as("the call is not made again").hasSize(1);
        assertThat(callback(tokenSent(0), "{}", null, null)).isEqualTo(CallbackAnswer.ALREADY_ANSWERED);
    }

    @Test
    void aFailureCallbackIsCaughtWithItsErrorAndCause() {
        UUID runId = start(", 'Catch': [{'ErrorEquals': ['Rejected'], 'Output': '{% $states.errorOutput %}', "
                + "'Next': 'Handle'}], 'End': true", ", 'Handle': {'Type': 'Pass', 'End': true}");

        callback(tokenSent(0), null, "Rejected", "the reviewer said no");

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo(Map.of("Error", "Rejected", "Cause", "the reviewer said no"));
        assertThat(fixture.frame(runId, "").getFirst().status()).isEqualTo(StateStatus.CAUGHT);
    }

    @Test
    void aFailureCallbackWithoutAnErrorFailsTheRunStatesTaskFailed() {
        UUID runId = start(", 'End': true", "");

        callback(tokenSent(0), null, null, null);

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(fixture.run(runId).error()).isEqualTo("States.TaskFailed");
    }

    @Test
    void aRetriedFailureCallsAgainWithANewTokenAndTheSecondAnswerSucceeds() {
        UUID runId = start(", 'Retry': [{'ErrorEquals': ['Busy'], 'IntervalSeconds': 1, 'MaxAttempts': 1}], "
                + "'End': true", "");
        String first = tokenSent(0);

        callback(first, null, "Busy", "try later");
        advance(Duration.ofSeconds(1));

        assertThat(fixture.http.calls).hasSize(2);
        String second = tokenSent(1);
        assertThat(second).isNotEqualTo(first);
        assertThat(fixture.callbackTokens.verify(second)).contains(new CallbackToken(runId, "", 1));
        callback(second, "{\"done\":1}", null, null);
        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo(Map.of("done", 1));
    }

    @Test
    void noCallbackBeforeTimeoutSecondsFailsStatesTimeout() {
        UUID runId = start(", 'TimeoutSeconds': 3600, 'End': true", "");
        assertThat(pending).hasSize(1);

        advance(Duration.ofMinutes(59));
        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.RUNNING);
        advance(Duration.ofMinutes(1));

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(fixture.run(runId).error()).isEqualTo("States.Timeout");
        assertThat(callback(tokenSent(0), "{}", null, null)).isEqualTo(CallbackAnswer.NOT_WAITING);
    }

    @Test
    void aDeadlineLongerThanSqsCanDelayHopsThereIn900SecondMessages() {
        UUID runId = start(", 'TimeoutSeconds': 3600, 'End': true", "");

        for (int hop = 0; hop < 4; hop++) {
            advance(Duration.ofSeconds(900));
        }

        assertThat(fixture.run(runId).error()).isEqualTo("States.Timeout");
        List<DelayedStep> sent = fixture.queue.delayedSteps();
        assertThat(sent).extracting(DelayedStep::delaySeconds).containsExactly(900, 900, 900, 900);
        assertThat(sent).allSatisfy(step -> assertThat(step.step().notBefore()).isEqualTo(T0.plusSeconds(3600)));
    }

    @Test
    void aTimeoutIsCaughtLikeAnyTaskError() {
        UUID runId = start(", 'TimeoutSeconds': 60, 'Catch': [{'ErrorEquals': ['States.Timeout'], 'Next': 'Late'}], "
                + "'End': true", ", 'Late': {'Type': 'Pass', 'Output': 'late', 'End': true}");

        advance(Duration.ofSeconds(60));

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo("late");
    }

    @Test
    void noHeartbeatWithinHeartbeatSecondsFailsStatesHeartbeatTimeout() {
        UUID runId = start(", 'TimeoutSeconds': 3600, 'HeartbeatSeconds': 60, 'End': true", "");

        advance(Duration.ofSeconds(60));

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(fixture.run(runId).error()).isEqualTo("States.HeartbeatTimeout");
    }

    @Test
    void heartbeatsKeepTheStepWaitingUntilItsCallback() {
        UUID runId = start(", 'TimeoutSeconds': 3600, 'HeartbeatSeconds': 60, 'End': true", "");
        String token = tokenSent(0);

        for (int i = 0; i < 5; i++) {
            advance(Duration.ofSeconds(50));
            assertThat(heartbeat(token)).isEqualTo(CallbackAnswer.RECORDED);
        }
        advance(Duration.ofSeconds(50));
        assertThat(fixture.run(runId).status()).as("300 s in, past the first heartbeat deadline")
                .isEqualTo(RunStatus.RUNNING);
        callback(token, "{\"ok\":true}", null, null);

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo(Map.of("ok", true));
        advance(Duration.ofHours(2));
        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void anAnswerRecordedBeforeThePauseResumesTheStepInTheSameDelivery() {
        fixture.http.answer = call -> {
            String body = new String(call.body(), StandardCharsets.UTF_8);
            String token = (String) ((Map<?, ?>) json.parse(body)).get("token");
            CallbackToken step = fixture.callbackTokens.verify(token).orElseThrow();
            // the downstream answers at once, before the step could record its pause
            assertThat(fixture.history.answerCallback(step.runId(), step.frame(), step.sequence(), "{\"fast\":1}",
                    null, null, fixture.clock.instant())).isEqualTo(CallbackAnswer.RECORDED);
            return StepFixture.ScriptedHttp.ok("{}");
        };

        UUID runId = start(", 'TimeoutSeconds': 60, 'End': true", "");

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo(Map.of("fast", 1));
        assertThat(fixture.queue.delayedSteps()).as("no deadline message for an answered step").isEmpty();
    }

    @Test
    void aFailedCallIsTheTasksFailureAndNothingPauses() {
        fixture.http.answer = call -> new io.hookrun.asl.HttpInvoker.HttpResult(503, Map.of(), new byte[0]);

        UUID runId = start(", 'TimeoutSeconds': 60, 'End': true", "");

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(fixture.run(runId).error()).isEqualTo("States.Http.StatusCode.503");
        assertThat(fixture.frame(runId, "").getFirst().taskWait()).isNull();
    }

    @Test
    void aCopyOfTheMessageForAWaitingStepWithoutDeadlinesIsDropped() {
        UUID runId = start(", 'End': true", "");

        fixture.executor.execute(new StepMessage(runId.toString(), "", 0, "Approve", null), 2, Deadline.none());

        assertThat(fixture.http.calls).hasSize(1);
        assertThat(fixture.queue.delayedSteps()).isEmpty();
        assertThat(fixture.frame(runId, "").getFirst().status()).isEqualTo(StateStatus.PAUSED);
    }

    @Test
    void aPausedStepInAMapIterationResumesItsBranch() {
        fixture.workflow("wf-map", "Each", "'Each': {'Type': 'Map', 'Items': '{% $states.input.items %}', "
                + "'ItemProcessor': {'ProcessorConfig': {'Mode': 'INLINE'}, 'StartAt': 'Ask', 'States': {"
                + "'Ask': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke.waitForTaskToken', "
                + "'Arguments': {'ApiEndpoint': 'https://approvals.example.test/ask', 'Method': 'POST', "
                + "'RequestBody': {'token': '{% $states.context.Task.Token %}'}}, 'End': true}}}, 'End': true}");
        UUID runId = fixture.startDirect("wf-map", "{'items': [1, 2]}");
        deliverDue();
        assertThat(fixture.http.calls).hasSize(2);

        callback(tokenSent(1), "\"b\"", null, null);
        callback(tokenSent(0), "\"a\"", null, null);

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isIn(List.of("a", "b"), List.of("b", "a"));
        assertThat(fixture.callbackTokens.verify(tokenSent(0)).orElseThrow().frame()).isNotEmpty();
    }
}

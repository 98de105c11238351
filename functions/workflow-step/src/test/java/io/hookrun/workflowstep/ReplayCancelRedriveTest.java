package io.hookrun.workflowstep;

import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.InMemoryStepQueue.DelayedStep;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory.StateStart;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.hookrun.workflowstep.StepFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the step function does for ADR 0007's operations: replays (of the whole run, or from a state of its main chain),
 * runs cancelled while their messages are still on the queue, runs re-opened for a redrive, and outputs over Step
 * Functions' 256 KiB.
 */
class ReplayCancelRedriveTest {

    private final StepFixture fixture = new StepFixture();
    private final JsonText json = new JsonText(StepFixture.MAPPER);

    private StartRunMessage replayOf(UUID runId, String fromState) {
        return new StartRunMessage(UUID.randomUUID().toString(), "ignored-for-a-replay", null, null, T0.toString(),
                runId.toString(), fromState);
    }

    private Run replay(StartRunMessage start) {
        fixture.starter.start(start, 1, Deadline.none());
        new QueueDriver(fixture, 1, 1).drain(100);
        return fixture.run(UUID.fromString(start.runId()));
    }

    @Test
    void aReplay_runsTheSnapshotTheRunStartedWith_withItsInputAndTrigger_andRecordsReplayOf() {
        fixture.workflow("wf", "Tag", "'Tag': {'Type': 'Pass', 'End': true}");
        fixture.workflow("wf", "Tag", "'Tag': {'Type': 'Pass', 'Output': {'v': 1, 'in': '{% $states.input %}'}, 'End': true}");
        UUID original = fixture.startDirect("wf", "{'order': 7}");
        fixture.workflow("wf", "Tag", "'Tag': {'Type': 'Pass', 'Output': {'v': 2}, 'End': true}"); // edited afterwards

        Run replay = replay(replayOf(original, null));

        assertThat(replay.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(replay.replayOf()).isEqualTo(original);
        assertThat(replay.input()).isEqualTo(fixture.run(original).input());
        assertThat(replay.definition()).isEqualTo(fixture.run(original).definition());
        assertThat(replay.workflowId()).isEqualTo("wf");
        assertThat(fixture.output(replay.id())).isEqualTo(Map.of("v", 1, "in", Map.of("order", 7)));
        assertThat(replay.eventId()).as("an admin start's name is not reused").isNull();
        assertThat(fixture.run(original).workflowVersion()).isEqualTo(2);
        assertThat(replay.workflowVersion()).as("the replayed run's version, not the current 3").isEqualTo(2);
    }

    @Test
    void aReplayOfAWebhookRun_keepsItsTriggerAndEvent() {
        fixture.workflow("wf", "Echo", "'Echo': {'Type': 'Pass', 'End': true}");
        var event = fixture.event("wf", "{'n': 1}");
        fixture.starter.start(event, StepFixture.write(event), 1, Deadline.none());
        Run original = fixture.run(event);

        Run replay = replay(replayOf(original.id(), null));

        assertThat(replay.triggerId()).isEqualTo(original.triggerId());
        assertThat(replay.eventId()).isEqualTo(original.eventId());
        assertThat(replay.input()).isEqualTo(original.input());
        assertThat(replay.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aReplayFromAState_startsThereWithTheInputAndVariablesOfItsFirstExecution_withoutRunningWhatCameBefore() {
        fixture.definition("wf", """
                {'QueryLanguage': 'JSONata', 'StartAt': 'Call', 'States': {
                  'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke',
                    'Arguments': {'ApiEndpoint': 'https://api.example.test/call', 'Method': 'POST'},
                    'Assign': {'x': '{% $states.input.n * 10 %}'}, 'Output': {'n': '{% $states.input.n + 1 %}'},
                    'Next': 'Sum'},
                  'Sum': {'Type': 'Pass', 'Output': {'n': '{% $states.input.n %}', 'x': '{% $x %}',
                    'original': '{% $states.context.Execution.Input %}'}, 'End': true}}}""");
        UUID original = fixture.startDirect("wf", "{'n': 1}");
        new QueueDriver(fixture, 1, 1).drain(100);
        assertThat(fixture.http.calls).hasSize(1);

        Run replay = replay(replayOf(original, "Sum"));

        assertThat(replay.status()).as(replay.error() + ": " + replay.cause()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(replay.id())).isEqualTo(Map.of("n", 2, "x", 10, "original", Map.of("n", 1)));
        assertThat(fixture.http.calls).as("the state before Sum did not run again").hasSize(1);
        List<StateExecution> steps = fixture.frame(replay.id(), "");
        assertThat(steps).extracting(StateExecution::stateName).containsExactly(RunStarter.REPLAY_SEED_STATE, "Sum");
        assertThat(steps.getFirst().stateType()).isEqualTo(RunStarter.REPLAY_SEED_TYPE);
        assertThat(json.parse(steps.getFirst().output())).isEqualTo(Map.of("n", 2));
        assertThat(json.parse(steps.get(1).input())).isEqualTo(Map.of("n", 2));
    }

    @Test
    void aRedeliveredReplayFromAState_writesOneSeedAndRunsTheStateOnce() {
        fixture.workflow("wf", "A", StepFixture.task("A", "'Next': 'B'") + ", " + StepFixture.task("B", "'End': true"));
        UUID original = fixture.startDirect("wf", "{}");
        new QueueDriver(fixture, 1, 1).drain(100);
        StartRunMessage start = replayOf(original, "B");

        fixture.starter.start(start, 1, Deadline.none());
        fixture.starter.start(start, 2, Deadline.none());

        assertThat(fixture.http.calls).as("A and B once, then B once for the replay").hasSize(3);
        assertThat(fixture.run(UUID.fromString(start.runId())).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aReplayOfARunHistoryNoLongerHas_failsInvalidReplay() {
        Run replay = replay(replayOf(UUID.randomUUID(), null));

        assertThat(replay.status()).isEqualTo(RunStatus.FAILED);
        assertThat(replay.error()).isEqualTo(RunStarter.INVALID_REPLAY);
    }

    @Test
    void aCancelledRunInALongWait_dropsItsDelayedMessages_andRunsNothingMore() {
        fixture.workflow("wf", "Hold", "'Hold': {'Type': 'Wait', 'Seconds': 7200, 'Next': 'After'}, "
                + StepFixture.task("After", "'End': true"));
        UUID runId = fixture.startDirect("wf", "{}");
        assertThat(fixture.queue.delayedSteps()).hasSize(1);

        assertThat(fixture.history.abortRun(runId, "stop", fixture.clock.instant())).isTrue();
        int sentBefore = fixture.queue.delayedSteps().size();
        new QueueDriver(fixture, 2, 3).drain(100);

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.ABORTED);
        assertThat(fixture.queue.delayedSteps()).as("no hop of the wait is sent on").hasSize(sentBefore);
        assertThat(fixture.frame(runId, "")).hasSize(1);
        assertThat(fixture.http.calls).isEmpty();
    }

    @Test
    void aStepAbandonedToTheDeadLetterQueue_andReopened_executesOnceWhenItsMessageIsRedrivenTwice() {
        fixture.workflow("wf", "First", "'First': {'Type': 'Pass', 'Next': 'Call'}, " + StepFixture.task("Call", "'End': true"));
        UUID runId = fixture.startDirect("wf", "{}");
        StepMessage call = fixture.queue.delayedSteps().stream().map(DelayedStep::step).findFirst().orElseThrow();
        // Its attempt died holding the claim, and the message's last delivery ended the run on its way to the DLQ.
        fixture.history.claimState(new StateStart(runId, "", 1, "Call", "Task", "{}", null), fixture.clock.instant(),
                Duration.ofSeconds(90));
        fixture.executor.abandon(call, "went to the dead-letter queue");
        assertThat(fixture.run(runId).error()).isEqualTo(StepExecutor.STEP_ABANDONED);
        fixture.executor.execute(call, 1, Deadline.none());
        assertThat(fixture.http.calls).as("a FAILED run's message is dropped").isEmpty();

        assertThat(fixture.history.reopenRun(runId, fixture.clock.instant())).isTrue();
        fixture.executor.execute(call, 1, Deadline.none());
        fixture.executor.execute(call, 1, Deadline.none());

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.http.calls).hasSize(1);
        assertThat(fixture.history.stateExecution(runId, "", 1).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void anOutputOver256KiB_failsTheStateWithStatesDataLimitExceeded_whichCatchAllDoesNotTake() {
        fixture.workflow("wf", "Fetch", "'Fetch': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke',"
                + " 'Arguments': {'ApiEndpoint': 'https://api.example.test/big', 'Method': 'GET'},"
                + " 'Output': '{% $states.result.ResponseBody %}',"
                + " 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Caught'}], 'End': true},"
                + " 'Caught': {'Type': 'Succeed'}");
        String big = "x".repeat(256 * 1024);
        fixture.http.answer = call -> StepFixture.ScriptedHttp.ok("{\"text\":\"" + big + "\"}");

        UUID runId = fixture.startDirect("wf", "{}");

        Run run = fixture.run(runId);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo(StepRecorder.DATA_LIMIT_EXCEEDED);
        assertThat(run.cause()).contains((256 * 1024 + 11) + " bytes");
        assertThat(fixture.history.stateExecution(runId, "", 0).orElseThrow().status()).isEqualTo(StateStatus.FAILED);
        assertThat(fixture.history.stateExecution(runId, "", 0).orElseThrow().output()).isNull();
    }

    @Test
    void anOutputOfExactly256KiB_flowsOnWhole() {
        fixture.workflow("wf", "Big", "'Big': {'Type': 'Pass', 'Output': '{% $states.input.text %}', 'Next': 'Len'},"
                + " 'Len': {'Type': 'Pass', 'Output': '{% $length($states.input) %}', 'End': true}");
        String text = "x".repeat(256 * 1024 - 2); // with its quotes: 262144 bytes

        UUID runId = fixture.startDirect("wf", "{'text': '" + text + "'}");
        new QueueDriver(fixture, 1, 1).drain(10);

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo(256 * 1024 - 2);
    }
}

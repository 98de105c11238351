package io.hookrun.workflowstep;

import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.hookrun.workflowstep.StepFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RunSweeper} over the in-memory twins: stalled after 30 minutes without progress, given up after 24 hours.
 * The sweeps run one hour after T0 unless a test moves the clock further.
 */
class RunSweeperTest {

    private static final Duration LEASE = Duration.ofSeconds(90);
    private static final String DEFINITION = StepFixture.json("{'QueryLanguage': 'JSONata', 'StartAt': 'First', 'States': {"
            + "'First': {'Type': 'Pass', 'Next': 'Second'}, 'Second': {'Type': 'Succeed'}}}");

    private final StepFixture fixture = new StepFixture();
    private final RunSweeper sweeper = new RunSweeper(fixture.store, fixture.queue, fixture.machines,
            fixture.interpreter, new SweeperConfiguration(Duration.ofMinutes(30), Duration.ofHours(24), 100),
            fixture.clock);

    private UUID running(String definition) {
        UUID runId = UUID.randomUUID();
        fixture.history.createRun(new Run(runId, "trg-1", "wf-1", "evt-" + runId, RunStatus.RUNNING, "{}", null, null,
                null, definition, T0, T0, null));
        return runId;
    }

    private SweepReport sweepAt(Instant now) {
        fixture.clock.advance(Duration.between(fixture.clock.instant(), now));
        return sweeper.sweep(Deadline.none());
    }

    private Run run(UUID runId) {
        return fixture.history.findRun(runId).orElseThrow();
    }

    private void claim(UUID runId, String frame, int sequence, String state, String type, Instant now, Duration lease) {
        fixture.history.claimState(new RunHistory.StateStart(runId, frame, sequence, state, type, "{}", null), now, lease);
    }

    private void finish(UUID runId, String frame, int sequence, StateStatus status, String output, String error,
                        String cause, String nextState, Instant now) {
        fixture.history.finishState(new RunHistory.StateFinish(runId, frame, sequence, status, output, null, error,
                cause, nextState, null, null, null, now));
    }

    @Test
    void aStalledRunThatNeverStartedAState_getsItsFirstStepSentAgain() {
        UUID runId = running(DEFINITION);

        SweepReport report = sweepAt(T0.plus(Duration.ofHours(1)));

        assertThat(report).isEqualTo(new SweepReport(1, 1, 0, 0));
        assertThat(fixture.queue.steps()).containsExactly(new StepMessage(runId.toString(), 0, "First"));
        assertThat(run(runId).status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void aStalledRunWhoseStepIsStillRunningWithAnExpiredLease_getsThatStepSentAgain() {
        UUID runId = running(DEFINITION);
        claim(runId, "", 0, "First", "Pass", T0, LEASE);

        sweepAt(T0.plus(Duration.ofHours(1)));

        assertThat(fixture.queue.steps()).containsExactly(new StepMessage(runId.toString(), 0, "First"));
    }

    @Test
    void aStalledRunWhoseLastStepSucceeded_getsTheNextStepSentEvenIfItWasMarkedEnqueued() {
        UUID runId = running(DEFINITION);
        claim(runId, "", 0, "First", "Pass", T0, LEASE);
        finish(runId, "", 0, StateStatus.SUCCEEDED, "{}", null, null, "Second", T0.plusSeconds(1));
        fixture.history.markNextEnqueued(runId, "", 0); // it was sent, then lost (the DLQ)

        sweepAt(T0.plus(Duration.ofHours(1)));

        assertThat(fixture.queue.steps()).containsExactly(new StepMessage(runId.toString(), 1, "Second"));
    }

    @Test
    void runsWithRecentProgressOrALiveLeaseOrFinished_areLeftAlone() {
        UUID recent = running(DEFINITION);
        claim(recent, "", 0, "First", "Pass", T0.plus(Duration.ofMinutes(45)), Duration.ofSeconds(1));
        UUID held = running(DEFINITION);
        claim(held, "", 0, "First", "Pass", T0, Duration.ofHours(2));
        UUID done = UUID.randomUUID();
        fixture.history.createRun(new Run(done, "trg-1", "wf-1", "evt-done", RunStatus.SUCCEEDED, "{}", "{}", null, null,
                DEFINITION, T0, T0, T0));

        SweepReport report = sweepAt(T0.plus(Duration.ofHours(1)));

        assertThat(report.stalled()).isZero();
        assertThat(fixture.queue.steps()).isEmpty();
    }

    @Test
    void aStalledRunWhoseDefinitionDoesNotParse_isEndedStepAbandoned() {
        UUID runId = running("{\"StartAt\": 1}");

        SweepReport report = sweepAt(T0.plus(Duration.ofHours(1)));

        assertThat(report).isEqualTo(new SweepReport(1, 0, 1, 0));
        assertThat(run(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(run(runId).error()).isEqualTo(StepExecutor.STEP_ABANDONED);
        assertThat(run(runId).cause()).startsWith("the run stalled and cannot be resumed: its definition does not parse");
        assertThat(fixture.queue.steps()).isEmpty();
    }

    @Test
    void aStalledRunWhoseLastStepEndedWithoutEndingTheRun_isEndedStepAbandoned() {
        UUID runId = running(DEFINITION);
        claim(runId, "", 0, "First", "Pass", T0, LEASE);
        finish(runId, "", 0, StateStatus.FAILED, null, "E", "c", null, T0.plusSeconds(1));

        sweepAt(T0.plus(Duration.ofHours(1)));

        assertThat(run(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(run(runId).cause()).contains("its last step (0, 'First') ended FAILED but the run did not");
        assertThat(fixture.queue.steps()).isEmpty();
    }

    @Test
    void aRunWithoutProgressForLongerThanTheGiveUpTime_isEndedInsteadOfResumedOnceMore() {
        UUID runId = running(DEFINITION);
        claim(runId, "", 0, "First", "Pass", T0, LEASE);

        sweepAt(T0.plus(Duration.ofHours(25)));

        Run run = run(runId);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo(StepExecutor.STEP_ABANDONED);
        assertThat(run.cause()).contains("no progress since " + T0);
        assertThat(fixture.history.stateExecution(runId, "", 0).orElseThrow().status()).isEqualTo(StateStatus.FAILED);
        assertThat(fixture.queue.steps()).isEmpty();
    }

    @Test
    void aRunThatCannotBeSentAgainNow_isCountedAndTheOthersAreStillSwept() {
        running(DEFINITION);
        UUID broken = running("{\"StartAt\": 1}");
        fixture.queue.failSendsWith(new IllegalStateException("SQS unreachable"));

        SweepReport report = sweepAt(T0.plus(Duration.ofHours(1)));

        assertThat(report).isEqualTo(new SweepReport(2, 0, 1, 1));
        assertThat(run(broken).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void aResumedRunIsExecutedByTheStepExecutorFromWhereItStopped() {
        UUID runId = running(DEFINITION);
        claim(runId, "", 0, "First", "Pass", T0, LEASE);
        finish(runId, "", 0, StateStatus.SUCCEEDED, "{\"carried\":1}", null, null, "Second", T0.plusSeconds(1));

        sweepAt(T0.plus(Duration.ofHours(1)));
        fixture.executor.execute(fixture.queue.steps().getFirst(), 1, Deadline.none());

        assertThat(run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run(runId).output()).isEqualTo("{\"carried\":1}");
    }

    // ---- frames ----

    private UUID directRun(String workflowId, String states, String startAt, String input) {
        fixture.workflow(workflowId, startAt, states);
        return fixture.startDirect(workflowId, input);
    }

    @Test
    void aStalledMapWhoseIterationMessagesWereLost_getsThemSentAgainAndFinishes() {
        UUID runId = directRun("wf-map", "'Each': {'Type': 'Map', 'MaxConcurrency': 2, 'ItemProcessor': {'StartAt': 'Id', "
                + "'States': {'Id': {'Type': 'Pass', 'End': true}}}, 'End': true}", "Each", "[1, 2, 3, 4]");
        QueueDriver driver = new QueueDriver(fixture, 1, 1);
        driver.loseWhatIsQueued();

        SweepReport report = sweepAt(T0.plus(Duration.ofHours(1)));

        assertThat(report).isEqualTo(new SweepReport(1, 1, 0, 0));
        assertThat(fixture.queue.steps().subList(2, fixture.queue.steps().size())).containsExactly(
                new StepMessage(runId.toString(), "0.0", 0, "Id", null),
                new StepMessage(runId.toString(), "0.1", 0, "Id", null));
        driver.drain(20);
        assertThat(run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo(java.util.List.of(1, 2, 3, 4));
    }

    @Test
    void aStalledParallelWhoseJoinRequestWasLost_getsItsJoinRequest() {
        UUID runId = directRun("wf-par", "'Both': {'Type': 'Parallel', 'Branches': ["
                + "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'End': true}}}, "
                + "{'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'End': true}}}], 'End': true}", "Both", "{'x': 1}");
        for (StepMessage branch : fixture.queue.steps()) {
            fixture.executor.execute(branch, 1, Deadline.none());
        }
        QueueDriver driver = new QueueDriver(fixture, 1, 1);
        driver.loseWhatIsQueued();

        sweepAt(T0.plus(Duration.ofHours(1)));

        assertThat(fixture.queue.steps()).last().isEqualTo(new StepMessage(runId.toString(), "", 0, "Both", null));
        driver.drain(20);
        assertThat(fixture.output(runId)).isEqualTo(java.util.List.of(java.util.Map.of("x", 1), java.util.Map.of("x", 1)));
    }

    @Test
    void aBranchWhoseEndWasNotPassedOn_getsItsLastStepSentAgain() {
        UUID runId = directRun("wf-par", "'Both': {'Type': 'Parallel', 'Branches': ["
                + "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'End': true}}}, "
                + "{'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'End': true}}}], 'End': true}", "Both", "{}");
        java.util.List<StepMessage> branches = fixture.queue.steps();
        fixture.executor.execute(branches.get(0), 1, Deadline.none());
        fixture.store.crashOnceAfter("finishState"); // branch 1's step is recorded, its branch never
        try {
            fixture.executor.execute(branches.get(1), 1, Deadline.none());
        } catch (OutageRunHistory.Crash expected) {
            // and its message is lost
        }
        QueueDriver driver = new QueueDriver(fixture, 1, 1);
        driver.loseWhatIsQueued();

        sweepAt(T0.plus(Duration.ofHours(1)));

        assertThat(fixture.queue.steps()).last().isEqualTo(new StepMessage(runId.toString(), "0.1", 0, "B", null));
        driver.drain(20);
        assertThat(run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aRunInALongWait_isNotStalledUntilTheWaitIsOver_andThenResumedNotGivenUp() {
        UUID runId = directRun("wf-wait", "'Hold': {'Type': 'Wait', 'Seconds': 259200, 'Next': 'Done'}, "
                + "'Done': {'Type': 'Succeed'}", "Hold", "{}");
        QueueDriver driver = new QueueDriver(fixture, 1, 1);
        driver.loseWhatIsQueued();

        assertThat(sweepAt(T0.plus(Duration.ofDays(2))).stalled()).isZero();
        SweepReport report = sweepAt(T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)));

        assertThat(report).isEqualTo(new SweepReport(1, 1, 0, 0));
        assertThat(fixture.queue.delayedSteps()).last().isEqualTo(new io.hookrun.core.message.InMemoryStepQueue.DelayedStep(
                new StepMessage(runId.toString(), "", 1, "Done", T0.plus(Duration.ofDays(3))), 0));
    }

    @Test
    void aRunPausedForItsCallbackIsNotStalled_evenForDays() {
        UUID runId = running(DEFINITION);
        claim(runId, "", 0, "First", "Task", T0, LEASE);
        fixture.history.pauseState(new RunHistory.StatePause(runId, "", 0, null, null, T0.plusSeconds(1)));

        SweepReport report = sweepAt(T0.plus(Duration.ofDays(3)));

        assertThat(report.stalled()).isZero();
        assertThat(run(runId).status()).isEqualTo(RunStatus.RUNNING);
        assertThat(fixture.queue.steps()).isEmpty();
    }

    @Test
    void aPausedStepAnsweredLongAgoWhoseMessageWasLost_getsItsMessageSentAgain() {
        UUID runId = running(DEFINITION);
        claim(runId, "", 0, "First", "Task", T0, LEASE);
        fixture.history.pauseState(new RunHistory.StatePause(runId, "", 0, null, null, T0.plusSeconds(1)));
        fixture.history.answerCallback(runId, "", 0, "{}", null, null, T0.plus(Duration.ofDays(2)));

        sweepAt(T0.plus(Duration.ofDays(2)).plus(Duration.ofHours(1)));

        assertThat(fixture.queue.steps()).containsExactly(new StepMessage(runId.toString(), 0, "First"));
        assertThat(run(runId).status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void aPausedStepPastItsDeadlineWhoseMessageWasLost_getsItsMessageSentAgain() {
        UUID runId = running(DEFINITION);
        claim(runId, "", 0, "First", "Task", T0, LEASE);
        fixture.history.pauseState(new RunHistory.StatePause(runId, "", 0, T0.plusSeconds(60), null, T0.plusSeconds(1)));

        sweepAt(T0.plus(Duration.ofHours(1)));

        assertThat(fixture.queue.steps()).containsExactly(new StepMessage(runId.toString(), 0, "First"));
    }
}

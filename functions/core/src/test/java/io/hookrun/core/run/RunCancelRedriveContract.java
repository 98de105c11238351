package io.hookrun.core.run;

import io.hookrun.core.run.RunHistory.StateClaim;
import io.hookrun.core.run.RunHistory.StateFinish;
import io.hookrun.core.run.RunHistory.StateStart;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RunHistory} does for a cancel ({@link RunHistory#abortRun}), a redrive
 * ({@link RunHistory#reopenRun}) and a replay ({@link Run#replayOf()}), stated as tests: {@code InMemoryRunCancelTest}
 * runs them against the twin, {@code JdbcRunCancelIT} against PostgreSQL. Every test works on runs of its own.
 */
public abstract class RunCancelRedriveContract {

    protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final String ABORTED = "hookrun.Aborted";
    private static final String STEP_ABANDONED = "hookrun.StepAbandoned";

    protected abstract RunHistory history();

    private Run stored(RunStatus status) {
        Run run = new Run(UUID.randomUUID(), "trg-" + UUID.randomUUID(), "wf-1", "evt-1", status, "{\"a\":1}", null,
                null, null, "{\"StartAt\":\"A\"}", T0, status == RunStatus.QUEUED ? null : T0, null);
        assertThat(history().createRun(run)).isTrue();
        return run;
    }

    private StateClaim claim(UUID runId, String frame, int sequence, Instant now) {
        return history().claimState(new StateStart(runId, frame, sequence, "S" + sequence, "Task", "{\"in\":" + sequence
                + "}", "{\"v\":1}"), now, LEASE);
    }

    private void succeed(UUID runId, int sequence, Instant now) {
        history().finishState(new StateFinish(runId, "", sequence, StateStatus.SUCCEEDED, "{\"out\":1}", "{\"v\":2}",
                null, null, "S" + (sequence + 1), null, null, null, now));
    }

    private StateExecution step(UUID runId, String frame, int sequence) {
        return history().stateExecution(runId, frame, sequence).orElseThrow();
    }

    private Run run(UUID runId) {
        return history().findRun(runId).orElseThrow();
    }

    // ---- abortRun ----

    @Test
    void abortRunEndsARunningRunAbortedAndFailsItsRunningStepWithHookrunAborted() {
        Run run = stored(RunStatus.RUNNING);
        claim(run.id(), "", 0, T0);
        succeed(run.id(), 0, T0.plusSeconds(1));
        claim(run.id(), "", 1, T0.plusSeconds(2));

        assertThat(history().abortRun(run.id(), "cancelled by ops", T0.plusSeconds(3))).isTrue();

        Run aborted = run(run.id());
        assertThat(aborted.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(aborted.error()).isEqualTo(ABORTED);
        assertThat(aborted.cause()).isEqualTo("cancelled by ops");
        assertThat(aborted.finishedAt()).isEqualTo(T0.plusSeconds(3));
        StateExecution open = step(run.id(), "", 1);
        assertThat(open.status()).isEqualTo(StateStatus.FAILED);
        assertThat(open.error()).isEqualTo(ABORTED);
        assertThat(open.cause()).isEqualTo("cancelled by ops");
        assertThat(open.leaseUntil()).isNull();
        assertThat(open.finishedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(step(run.id(), "", 0).status()).as("a finished step stays as it ended").isEqualTo(StateStatus.SUCCEEDED);
    }

    @Test
    void abortRunFailsAWaitingForkAndAbortsItsOpenBranchesButNotTheEndedOnes() {
        Run run = stored(RunStatus.RUNNING);
        claim(run.id(), "", 0, T0);
        history().forkState(run.id(), "", 0, "{}", List.of("1", "2", "3"), 3, T0);
        history().startBranches(run.id(), "", 0, 0, 3, T0);
        history().finishBranch(run.id(), "", 0, 0, BranchStatus.SUCCEEDED, "1", null, null, T0.plusSeconds(1));
        claim(run.id(), "0.1", 0, T0.plusSeconds(1));

        assertThat(history().abortRun(run.id(), "stop", T0.plusSeconds(2))).isTrue();

        assertThat(history().branches(run.id(), "", 0)).extracting(Branch::status)
                .containsExactly(BranchStatus.SUCCEEDED, BranchStatus.ABORTED, BranchStatus.ABORTED);
        assertThat(history().branchTally(run.id(), "", 0).open()).isZero();
        assertThat(history().branchTally(run.id(), "", 0).succeeded()).isEqualTo(1);
        assertThat(step(run.id(), "", 0).status()).isEqualTo(StateStatus.FAILED);
        assertThat(step(run.id(), "0.1", 0).status()).isEqualTo(StateStatus.FAILED);
        assertThat(step(run.id(), "0.1", 0).error()).isEqualTo(ABORTED);
    }

    @Test
    void abortRunOfAQueuedRunAbortsIt() {
        Run run = stored(RunStatus.QUEUED);

        assertThat(history().abortRun(run.id(), "stop", T0)).isTrue();

        assertThat(run(run.id()).status()).isEqualTo(RunStatus.ABORTED);
    }

    @Test
    void abortRunOfAFinishedOrUnknownRunChangesNothing() {
        Run run = stored(RunStatus.RUNNING);
        claim(run.id(), "", 0, T0);
        history().finishState(new StateFinish(run.id(), "", 0, StateStatus.SUCCEEDED, "{}", null, null, null, null,
                null, null, RunStatus.SUCCEEDED, T0.plusSeconds(1)));

        assertThat(history().abortRun(run.id(), "too late", T0.plusSeconds(2))).isFalse();
        assertThat(history().abortRun(UUID.randomUUID(), "nobody", T0)).isFalse();

        assertThat(run(run.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run(run.id()).error()).isNull();
        assertThat(history().abortRun(run.id(), "again", T0.plusSeconds(3))).isFalse();
    }

    @Test
    void aSecondAbortRunIsFalseAndKeepsTheFirstCause() {
        Run run = stored(RunStatus.RUNNING);

        assertThat(history().abortRun(run.id(), "first", T0)).isTrue();
        assertThat(history().abortRun(run.id(), "second", T0.plusSeconds(1))).isFalse();

        assertThat(run(run.id()).cause()).isEqualTo("first");
    }

    @Test
    void aStepFinishingAfterTheAbortChangesNeitherTheStepNorTheRun() {
        Run run = stored(RunStatus.RUNNING);
        claim(run.id(), "", 0, T0);
        history().abortRun(run.id(), "stop", T0.plusSeconds(1));

        history().finishState(new StateFinish(run.id(), "", 0, StateStatus.SUCCEEDED, "{}", null, null, null, null,
                null, null, RunStatus.SUCCEEDED, T0.plusSeconds(2)));

        assertThat(step(run.id(), "", 0).status()).isEqualTo(StateStatus.FAILED);
        assertThat(run(run.id()).status()).isEqualTo(RunStatus.ABORTED);
    }

    // ---- reopenRun ----

    @Test
    void reopenRunMakesAnAbandonedRunRunningAndItsAbandonedStepClaimableOnceWithOneMoreAttempt() {
        Run run = stored(RunStatus.RUNNING);
        claim(run.id(), "", 0, T0);
        succeed(run.id(), 0, T0.plusSeconds(1));
        claim(run.id(), "", 1, T0.plusSeconds(2));
        history().failRun(run.id(), "", 1, STEP_ABANDONED, "went to the DLQ", T0.plusSeconds(3));

        assertThat(history().reopenRun(run.id(), T0.plusSeconds(60))).isTrue();

        Run reopened = run(run.id());
        assertThat(reopened.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(reopened.error()).isNull();
        assertThat(reopened.cause()).isNull();
        assertThat(reopened.finishedAt()).isNull();
        StateExecution step = step(run.id(), "", 1);
        assertThat(step.status()).isEqualTo(StateStatus.RUNNING);
        assertThat(step.error()).isNull();
        assertThat(step.leaseUntil()).isNull();
        assertThat(step.input()).isEqualTo("{\"in\":1}");
        assertThat(step(run.id(), "", 0).status()).isEqualTo(StateStatus.SUCCEEDED);

        StateClaim first = claim(run.id(), "", 1, T0.plusSeconds(61));
        StateClaim second = claim(run.id(), "", 1, T0.plusSeconds(62));
        assertThat(first).isInstanceOf(StateClaim.Claimed.class);
        assertThat(((StateClaim.Claimed) first).execution().attempts()).isEqualTo(2);
        assertThat(second).as("the redriven message executes the step once").isInstanceOf(StateClaim.Busy.class);
    }

    @Test
    void reopenRunOfARunWhoseAbandonedStepNeverGotARowReopensTheRun() {
        Run run = stored(RunStatus.RUNNING);
        history().failRun(run.id(), "", 0, STEP_ABANDONED, "database down on every delivery", T0.plusSeconds(1));

        assertThat(history().reopenRun(run.id(), T0.plusSeconds(5))).isTrue();

        assertThat(run(run.id()).status()).isEqualTo(RunStatus.RUNNING);
        assertThat(claim(run.id(), "", 0, T0.plusSeconds(6))).isInstanceOf(StateClaim.Claimed.class);
    }

    @Test
    void reopenRunPutsAnAbandonedForkBackToWaitingWithItsBranches() {
        Run run = stored(RunStatus.RUNNING);
        claim(run.id(), "", 0, T0);
        history().forkState(run.id(), "", 0, "{}", List.of("1", "2"), 2, T0);
        history().startBranches(run.id(), "", 0, 0, 2, T0);
        history().failRun(run.id(), "", 0, STEP_ABANDONED, "join went to the DLQ", T0.plusSeconds(1));

        assertThat(history().reopenRun(run.id(), T0.plusSeconds(5))).isTrue();

        assertThat(step(run.id(), "", 0).status()).isEqualTo(StateStatus.WAITING);
        assertThat(claim(run.id(), "", 0, T0.plusSeconds(6))).isInstanceOf(StateClaim.Waiting.class);
        assertThat(history().branchTally(run.id(), "", 0).open()).isEqualTo(2);
    }

    @Test
    void reopenRunLeavesRunsThatFailedOtherwiseOrAreOpenOrUnknownAsTheyAre() {
        Run failed = stored(RunStatus.RUNNING);
        claim(failed.id(), "", 0, T0);
        history().finishState(new StateFinish(failed.id(), "", 0, StateStatus.FAILED, null, null, "States.TaskFailed",
                "boom", null, null, null, RunStatus.FAILED, T0.plusSeconds(1)));
        Run open = stored(RunStatus.RUNNING);
        Run aborted = stored(RunStatus.RUNNING);
        history().abortRun(aborted.id(), "stop", T0);

        assertThat(history().reopenRun(failed.id(), T0.plusSeconds(2))).isFalse();
        assertThat(history().reopenRun(open.id(), T0.plusSeconds(2))).isFalse();
        assertThat(history().reopenRun(aborted.id(), T0.plusSeconds(2))).isFalse();
        assertThat(history().reopenRun(UUID.randomUUID(), T0)).isFalse();

        assertThat(run(failed.id()).status()).isEqualTo(RunStatus.FAILED);
        assertThat(step(failed.id(), "", 0).status()).isEqualTo(StateStatus.FAILED);
        assertThat(run(aborted.id()).status()).isEqualTo(RunStatus.ABORTED);
    }

    @Test
    void aSecondReopenRunIsFalse() {
        Run run = stored(RunStatus.RUNNING);
        history().failRun(run.id(), "", 0, STEP_ABANDONED, "dlq", T0);

        assertThat(history().reopenRun(run.id(), T0.plusSeconds(1))).isTrue();
        assertThat(history().reopenRun(run.id(), T0.plusSeconds(2))).isFalse();
    }

    // ---- replayOf ----

    @Test
    void aRunKeepsTheRunItReplays() {
        UUID original = UUID.randomUUID();
        Run replay = new Run(UUID.randomUUID(), null, "wf-1", null, RunStatus.RUNNING, "{}", null, null, null,
                "{\"StartAt\":\"A\"}", T0, T0, null, original);

        history().createRun(replay);

        assertThat(run(replay.id()).replayOf()).isEqualTo(original);
        assertThat(stored(RunStatus.RUNNING).replayOf()).isNull();
    }
}

package io.hookrun.core.run;

import io.hookrun.core.run.RunHistory.CallbackAnswer;
import io.hookrun.core.run.RunHistory.StateClaim;
import io.hookrun.core.run.RunHistory.StatePause;
import io.hookrun.core.run.RunHistory.StateStart;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RunHistory} does with callbacks of {@code .waitForTaskToken} Tasks (docs/adr/0007): pause,
 * single-use answers, deadlines, heartbeats, the resume claim, and how a paused run looks to the sweeper. Run against
 * the twin ({@code InMemoryCallbackHistoryTest}) and PostgreSQL ({@code JdbcCallbackHistoryIT}); runs are fresh per
 * test, and the stalled-run tests live in years of their own (2061 on), as in {@link RunHistoryContract}.
 */
public abstract class CallbackHistoryContract {

    protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final String ROOT = Frames.ROOT;

    protected abstract RunHistory history();

    private Run running(Instant startedAt) {
        Run run = new Run(UUID.randomUUID(), "trg-" + UUID.randomUUID(), "wf-1", "evt-" + UUID.randomUUID(),
                RunStatus.RUNNING, "{\"a\":1}", null, null, null, "{\"StartAt\":\"A\"}", startedAt, startedAt, null);
        assertThat(history().createRun(run)).isTrue();
        return run;
    }

    private StateClaim claim(UUID runId, Instant now) {
        return history().claimState(new StateStart(runId, ROOT, 0, "Approve", "Task", "{\"in\":1}", "{\"v\":1}"), now,
                LEASE);
    }

    private StateExecution step(UUID runId) {
        return history().stateExecution(runId, ROOT, 0).orElseThrow();
    }

    /** A run whose step 0 is PAUSED at T0 + 1 s with the given deadlines (seconds after the pause; null: none). */
    private Run paused(Instant startedAt, Long timeoutSeconds, Long heartbeatSeconds) {
        Run run = running(startedAt);
        claim(run.id(), startedAt);
        Instant now = startedAt.plusSeconds(1);
        assertThat(history().pauseState(new StatePause(run.id(), ROOT, 0,
                timeoutSeconds == null ? null : now.plusSeconds(timeoutSeconds),
                heartbeatSeconds == null ? null : now.plusSeconds(heartbeatSeconds), now))).isTrue();
        return run;
    }

    private CallbackAnswer succeed(UUID runId, String output, Instant now) {
        return history().answerCallback(runId, ROOT, 0, output, null, null, now);
    }

    @Test
    void aPausedStepKeepsItsDeadlinesAndIsClaimedAsPaused() {
        Run run = paused(T0, 3600L, 60L);

        StateExecution step = step(run.id());
        assertThat(step.status()).isEqualTo(StateStatus.PAUSED);
        assertThat(step.leaseUntil()).isNull();
        assertThat(step.taskWait().timeoutAt()).isEqualTo(T0.plusSeconds(3601));
        assertThat(step.taskWait().heartbeatAt()).isEqualTo(T0.plusSeconds(61));
        assertThat(step.taskWait().heartbeat()).isEqualTo(Duration.ofSeconds(60));
        assertThat(step.taskWait().answered()).isFalse();
        assertThat(claim(run.id(), T0.plusSeconds(2))).isInstanceOf(StateClaim.Paused.class);
    }

    @Test
    void onlyARunningStepPauses() {
        Run run = paused(T0, null, null);

        assertThat(history().pauseState(new StatePause(run.id(), ROOT, 0, null, null, T0.plusSeconds(5)))).isFalse();
        assertThat(history().pauseState(new StatePause(UUID.randomUUID(), ROOT, 0, null, null, T0))).isFalse();
    }

    @Test
    void theFirstAnswerIsRecordedAndEveryLaterOneRefused() {
        Run run = paused(T0, null, null);

        assertThat(succeed(run.id(), "{\"approved\":true}", T0.plusSeconds(10))).isEqualTo(CallbackAnswer.RECORDED);
        assertThat(succeed(run.id(), "{\"approved\":false}", T0.plusSeconds(11)))
                .isEqualTo(CallbackAnswer.ALREADY_ANSWERED);
        assertThat(history().answerCallback(run.id(), ROOT, 0, null, "Rejected", "no", T0.plusSeconds(12)))
                .isEqualTo(CallbackAnswer.ALREADY_ANSWERED);

        TaskWait wait = step(run.id()).taskWait();
        assertThat(wait.answeredAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(wait.output()).isEqualTo("{\"approved\":true}");
        assertThat(wait.error()).isNull();
        assertThat(step(run.id()).status()).isEqualTo(StateStatus.PAUSED);
    }

    @Test
    void aFailureAnswerKeepsErrorAndCause() {
        Run run = paused(T0, null, null);

        assertThat(history().answerCallback(run.id(), ROOT, 0, null, "Rejected", "the reviewer said no",
                T0.plusSeconds(3))).isEqualTo(CallbackAnswer.RECORDED);

        TaskWait wait = step(run.id()).taskWait();
        assertThat(wait.output()).isNull();
        assertThat(wait.error()).isEqualTo("Rejected");
        assertThat(wait.cause()).isEqualTo("the reviewer said no");
    }

    @Test
    void anAnswerAtOrAfterADeadlineIsNotWaiting() {
        Run timedOut = paused(T0, 10L, null);
        Run heartbeatMissed = paused(T0, null, 5L);

        assertThat(succeed(timedOut.id(), "{}", T0.plusSeconds(11))).isEqualTo(CallbackAnswer.NOT_WAITING);
        assertThat(succeed(heartbeatMissed.id(), "{}", T0.plusSeconds(7))).isEqualTo(CallbackAnswer.NOT_WAITING);
        assertThat(step(timedOut.id()).taskWait().answered()).isFalse();
    }

    @Test
    void anAnswerJustBeforeTheDeadlineIsRecorded() {
        Run run = paused(T0, 10L, null);

        assertThat(succeed(run.id(), "{}", T0.plusSeconds(11).minusMillis(1))).isEqualTo(CallbackAnswer.RECORDED);
    }

    @Test
    void anAnswerForAStepThatNeverExistedIsUnknown() {
        Run run = running(T0);

        assertThat(succeed(run.id(), "{}", T0)).isEqualTo(CallbackAnswer.UNKNOWN);
        assertThat(succeed(UUID.randomUUID(), "{}", T0)).isEqualTo(CallbackAnswer.UNKNOWN);
        assertThat(history().heartbeat(run.id(), ROOT, 0, Duration.ofSeconds(5), T0))
                .isEqualTo(CallbackAnswer.UNKNOWN);
    }

    @Test
    void anAnswerThatComesBeforeThePauseIsKeptThroughIt() {
        Run run = running(T0);
        claim(run.id(), T0);

        assertThat(succeed(run.id(), "{\"fast\":true}", T0.plusMillis(5))).isEqualTo(CallbackAnswer.RECORDED);
        assertThat(history().pauseState(new StatePause(run.id(), ROOT, 0, T0.plusSeconds(60), null,
                T0.plusMillis(10)))).isTrue();

        StateExecution step = step(run.id());
        assertThat(step.status()).isEqualTo(StateStatus.PAUSED);
        assertThat(step.taskWait().output()).isEqualTo("{\"fast\":true}");
        assertThat(step.taskWait().timeoutAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(history().claimPaused(run.id(), ROOT, 0, T0.plusSeconds(1), LEASE)).isTrue();
    }

    @Test
    void anAnswerToAFinishedRunIsNotWaiting() {
        Run run = paused(T0, null, null);
        history().failRun(run.id(), ROOT, 0, "hookrun.StepAbandoned", "gone", T0.plusSeconds(2));

        assertThat(succeed(run.id(), "{}", T0.plusSeconds(3))).isEqualTo(CallbackAnswer.NOT_WAITING);
    }

    @Test
    void aHeartbeatMovesTheHeartbeatDeadlineByTheStepsInterval() {
        Run run = paused(T0, 3600L, 30L);
        Duration interval = step(run.id()).taskWait().heartbeat();

        assertThat(history().heartbeat(run.id(), ROOT, 0, interval, T0.plusSeconds(25)))
                .isEqualTo(CallbackAnswer.RECORDED);

        assertThat(step(run.id()).taskWait().heartbeatAt()).isEqualTo(T0.plusSeconds(55));
        assertThat(step(run.id()).taskWait().timeoutAt()).isEqualTo(T0.plusSeconds(3601));
        // beyond the first heartbeat deadline, within the moved one
        assertThat(succeed(run.id(), "{}", T0.plusSeconds(40))).isEqualTo(CallbackAnswer.RECORDED);
        assertThat(history().heartbeat(run.id(), ROOT, 0, interval, T0.plusSeconds(41)))
                .isEqualTo(CallbackAnswer.ALREADY_ANSWERED);
    }

    @Test
    void aHeartbeatAfterTheDeadlineIsNotWaiting_andOneWithoutAHeartbeatDeadlineChangesNothing() {
        Run late = paused(T0, null, 10L);
        Run noHeartbeat = paused(T0, 100L, null);

        assertThat(history().heartbeat(late.id(), ROOT, 0, Duration.ofSeconds(10), T0.plusSeconds(12)))
                .isEqualTo(CallbackAnswer.NOT_WAITING);
        assertThat(history().heartbeat(noHeartbeat.id(), ROOT, 0, Duration.ZERO, T0.plusSeconds(12)))
                .isEqualTo(CallbackAnswer.RECORDED);
        assertThat(step(noHeartbeat.id()).taskWait().heartbeatAt()).isNull();
        assertThat(history().heartbeat(noHeartbeat.id(), ROOT, 0, Duration.ZERO, T0.plusSeconds(102)))
                .isEqualTo(CallbackAnswer.NOT_WAITING);
    }

    @Test
    void claimPausedTakesAnAnsweredStepOnce() {
        Run run = paused(T0, null, null);

        assertThat(history().claimPaused(run.id(), ROOT, 0, T0.plusSeconds(2), LEASE)).as("not answered").isFalse();
        succeed(run.id(), "{\"ok\":1}", T0.plusSeconds(3));
        assertThat(history().claimPaused(run.id(), ROOT, 0, T0.plusSeconds(4), LEASE)).isTrue();
        assertThat(history().claimPaused(run.id(), ROOT, 0, T0.plusSeconds(4), LEASE)).isFalse();

        StateExecution step = step(run.id());
        assertThat(step.status()).isEqualTo(StateStatus.RUNNING);
        assertThat(step.leaseUntil()).isEqualTo(T0.plusSeconds(4).plus(LEASE));
        assertThat(step.taskWait().output()).isEqualTo("{\"ok\":1}");
    }

    @Test
    void claimPausedTakesAStepPastADeadline_afterWhichNoAnswerIsTaken() {
        Run run = paused(T0, 10L, null);

        assertThat(history().claimPaused(run.id(), ROOT, 0, T0.plusSeconds(10), LEASE)).as("before").isFalse();
        assertThat(history().claimPaused(run.id(), ROOT, 0, T0.plusSeconds(11), LEASE)).isTrue();

        assertThat(step(run.id()).taskWait().answered()).isFalse();
        assertThat(succeed(run.id(), "{}", T0.plusSeconds(5))).as("a resuming step takes no answer")
                .isEqualTo(CallbackAnswer.NOT_WAITING);
        assertThat(claim(run.id(), T0.plusSeconds(12))).isInstanceOf(StateClaim.Busy.class);
    }

    @Test
    void aCrashedResumeIsClaimedAgainWithItsWait() {
        Run run = paused(T0, null, null);
        succeed(run.id(), "{\"ok\":1}", T0.plusSeconds(3));
        history().claimPaused(run.id(), ROOT, 0, T0.plusSeconds(4), LEASE);

        StateClaim again = claim(run.id(), T0.plusSeconds(4).plus(LEASE).plusSeconds(1));

        assertThat(again).isInstanceOf(StateClaim.Claimed.class);
        assertThat(((StateClaim.Claimed) again).execution().taskWait().output()).isEqualTo("{\"ok\":1}");
    }

    @Test
    void ofManyConcurrentAnswersExactlyOneIsRecorded() throws Exception {
        Run run = paused(T0, null, null);
        List<Callable<CallbackAnswer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            calls.add(() -> n % 2 == 0 ? succeed(run.id(), "{\"n\":" + n + "}", T0.plusSeconds(5))
                    : history().answerCallback(run.id(), ROOT, 0, null, "E" + n, "c", T0.plusSeconds(5)));
        }

        List<CallbackAnswer> answers = RunHistoryContract.runConcurrently(calls);

        assertThat(answers).filteredOn(a -> a == CallbackAnswer.RECORDED).hasSize(1);
        assertThat(answers).filteredOn(a -> a == CallbackAnswer.ALREADY_ANSWERED).hasSize(7);
        int winner = answers.indexOf(CallbackAnswer.RECORDED);
        TaskWait wait = step(run.id()).taskWait();
        if (winner % 2 == 0) {
            assertThat(wait.output()).isEqualTo("{\"n\":" + winner + "}");
        } else {
            assertThat(wait.error()).isEqualTo("E" + winner);
        }
    }

    @Test
    void aStepWaitingForItsCallbackIsNotStalled() {
        Instant start = Instant.parse("2061-01-01T00:00:00Z");
        Run forever = paused(start, null, null);
        Run laterDeadline = paused(start, 86_400L, null);
        Instant now = start.plus(Duration.ofDays(2)).minusSeconds(3600);

        assertThat(history().listStalledRuns(now.minus(Duration.ofMinutes(30)), now, 100)).extracting(Run::id)
                .doesNotContain(forever.id()).contains(laterDeadline.id());
        Instant beforeDeadline = start.plus(Duration.ofHours(12));
        assertThat(history().listStalledRuns(beforeDeadline.minus(Duration.ofMinutes(30)), beforeDeadline, 100))
                .extracting(Run::id).doesNotContain(forever.id(), laterDeadline.id());
    }

    @Test
    void aStepAnsweredButNotResumedIsStalledOnceTheAnswerIsOld() {
        Instant start = Instant.parse("2062-01-01T00:00:00Z");
        Run run = paused(start, null, null);
        succeed(run.id(), "{}", start.plusSeconds(60));

        Instant soon = start.plusSeconds(120);
        assertThat(history().listStalledRuns(soon.minusSeconds(90), soon, 100)).extracting(Run::id)
                .doesNotContain(run.id());
        Instant later = start.plus(Duration.ofHours(1));
        assertThat(history().listStalledRuns(later.minus(Duration.ofMinutes(30)), later, 100)).extracting(Run::id)
                .contains(run.id());
    }
}

package io.hookrun.core.run;

import io.hookrun.core.run.RunHistory.BranchTally;
import io.hookrun.core.run.RunHistory.StateClaim;
import io.hookrun.core.run.RunHistory.StateFinish;
import io.hookrun.core.run.RunHistory.StateStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link RunHistory} does, stated as tests: {@code InMemoryRunHistoryTest} runs them against the twin, the
 * run-history module against PostgreSQL, so the twin the other modules' unit tests rely on keeps the conditions of
 * the real statements. Not a test by itself (its name ends neither in Test nor IT).
 * <p>
 * An implementation may be shared by all the tests of a class (one database): every test works on runs of its own
 * (fresh ids, a trigger of its own where it lists), and the stalled-run tests each live in a year of their own.
 */
public abstract class RunHistoryContract {

    protected static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    protected static final Duration LEASE = Duration.ofMinutes(1);
    private static final String ROOT = Frames.ROOT;

    /** The store under test: a fresh one per test, or one shared by the class. */
    protected abstract RunHistory history();

    // ---- fixtures ----

    /** The first page of runs of {@code triggerId} (null: any) with {@code status} (null: any). */
    protected List<Run> list(String triggerId, RunStatus status, int limit) {
        return history().listRuns(new RunQuery(triggerId, null, status, null, null, null, limit)).runs();
    }

    protected static String uniqueTrigger() {
        return "trg-" + UUID.randomUUID();
    }

    protected static Run queued(String triggerId, Instant createdAt) {
        return withStatus(triggerId, createdAt, RunStatus.QUEUED);
    }

    protected static Run withStatus(String triggerId, Instant createdAt, RunStatus status) {
        return new Run(UUID.randomUUID(), triggerId, "wf-1", "evt-" + UUID.randomUUID(), status, "{\"a\":1}", null,
                null, null, "{\"StartAt\":\"A\"}", createdAt, status == RunStatus.QUEUED ? null : createdAt, null);
    }

    /** A QUEUED run, stored. */
    protected Run created(Instant createdAt) {
        Run run = queued(uniqueTrigger(), createdAt);
        assertThat(history().createRun(run)).isTrue();
        return run;
    }

    /** A RUNNING run, stored. */
    protected Run running(Instant startedAt) {
        Run run = withStatus(uniqueTrigger(), startedAt, RunStatus.RUNNING);
        assertThat(history().createRun(run)).isTrue();
        return run;
    }

    protected StateClaim claim(UUID runId, String frame, int sequence, Instant now, Duration lease) {
        return history().claimState(new StateStart(runId, frame, sequence, "S" + sequence, "Task", "{\"in\":1}",
                "{\"v\":1}"), now, lease);
    }

    protected StateClaim claim(UUID runId, int sequence, Instant now) {
        return claim(runId, ROOT, sequence, now, LEASE);
    }

    protected StateExecution step(UUID runId, String frame, int sequence) {
        return history().stateExecution(runId, frame, sequence).orElseThrow();
    }

    protected StateExecution step(UUID runId, int sequence) {
        return step(runId, ROOT, sequence);
    }

    /** Ends a step SUCCEEDED, going on with {@code nextState}, the run left open. */
    protected void succeed(UUID runId, String frame, int sequence, String output, String nextState, Instant now) {
        history().finishState(new StateFinish(runId, frame, sequence, StateStatus.SUCCEEDED, output, null, null, null,
                nextState, null, null, null, now));
    }

    /** Ends a step and, when {@code runStatus} is set, its run. */
    protected void end(UUID runId, int sequence, StateStatus status, String output, String error, String cause,
                       RunStatus runStatus, Instant now) {
        history().finishState(new StateFinish(runId, ROOT, sequence, status, output, null, error, cause, null, null,
                null, runStatus, now));
    }

    /** A RUNNING run whose root step 0 is claimed and forked into {@code inputs.size()} branches. */
    protected Run forked(List<String> inputs, int concurrency) {
        Run run = running(T0);
        claim(run.id(), 0, T0);
        assertThat(history().forkState(run.id(), ROOT, 0, "{\"scope\":1}", inputs, concurrency, T0.plusSeconds(1)))
                .isTrue();
        return run;
    }

    protected static List<String> inputs(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"item\":" + i + "}").toList();
    }

    protected BranchTally succeedBranch(UUID runId, int index, Instant now) {
        return history().finishBranch(runId, ROOT, 0, index, BranchStatus.SUCCEEDED, "{\"out\":" + index + "}", null,
                null, now);
    }

    // ---- runs ----

    @Test
    void createRunReturnsTrueThenFalseForTheSameIdAndTheSecondInsertChangesNothing() {
        String trigger = uniqueTrigger();
        Run run = queued(trigger, T0);
        assertThat(history().createRun(run)).isTrue();

        Run redelivered = new Run(run.id(), trigger, "wf-2", "evt-other", RunStatus.FAILED, "{\"b\":2}", "{}", "E",
                "C", null, T0.plusSeconds(5), T0.plusSeconds(6), T0.plusSeconds(7));
        assertThat(history().createRun(redelivered)).isFalse();

        assertThat(history().findRun(run.id())).contains(run);
        assertThat(list(trigger, null, 100)).containsExactly(run);
    }

    @Test
    void findRunOfAnUnknownIdIsEmpty() {
        assertThat(history().findRun(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aRunStartedFromTheAdminApiHasNoTriggerAndMayHaveNoEventId() {
        Instant later = Instant.parse("2100-01-01T00:00:00Z");
        Run unnamed = new Run(UUID.randomUUID(), null, "wf-direct", null, RunStatus.QUEUED, "[1,2]", null, null, null,
                "{}", later, null, null);
        Run named = new Run(UUID.randomUUID(), null, "wf-direct", "my-run", RunStatus.QUEUED, "{}", null, null, null,
                "{}", later.plusSeconds(1), null, null);

        assertThat(history().createRun(unnamed)).isTrue();
        assertThat(history().createRun(named)).isTrue();

        assertThat(history().findRun(unnamed.id())).contains(unnamed);
        assertThat(history().findRun(named.id())).contains(named);
        assertThat(list(null, RunStatus.QUEUED, 100)).contains(unnamed, named);
        assertThat(list(uniqueTrigger(), null, 100)).isEmpty();
    }

    @Test
    void listRunsIsNewestFirst() {
        String trigger = uniqueTrigger();
        Run oldest = queued(trigger, T0.plusSeconds(1));
        Run middle = queued(trigger, T0.plusSeconds(2));
        Run newest = queued(trigger, T0.plusSeconds(3));
        for (Run run : List.of(middle, newest, oldest)) {
            history().createRun(run);
        }

        assertThat(list(trigger, null, 10)).extracting(Run::id)
                .containsExactly(newest.id(), middle.id(), oldest.id());
    }

    @Test
    void listRunsFiltersByTrigger() {
        String trigger = uniqueTrigger();
        String other = uniqueTrigger();
        Run mine = queued(trigger, T0.plusSeconds(1));
        Run theirs = queued(other, T0.plusSeconds(2));
        history().createRun(mine);
        history().createRun(theirs);

        assertThat(list(trigger, null, 10)).extracting(Run::id).containsExactly(mine.id());
        assertThat(list(other, null, 10)).extracting(Run::id).containsExactly(theirs.id());
        assertThat(list(uniqueTrigger(), null, 10)).isEmpty();
    }

    @Test
    void listRunsFiltersByStatus() {
        String trigger = uniqueTrigger();
        Instant future = Instant.parse("2099-01-01T00:00:00Z"); // newer than every other test's FAILED runs
        Run queued = queued(trigger, future.plusSeconds(1));
        Run running = withStatus(trigger, future.plusSeconds(2), RunStatus.RUNNING);
        Run succeeded = withStatus(trigger, future.plusSeconds(3), RunStatus.SUCCEEDED);
        Run failed = withStatus(trigger, future.plusSeconds(4), RunStatus.FAILED);
        List.of(queued, running, succeeded, failed).forEach(history()::createRun);

        assertThat(list(trigger, RunStatus.QUEUED, 10)).extracting(Run::id).containsExactly(queued.id());
        assertThat(list(trigger, RunStatus.RUNNING, 10)).extracting(Run::id)
                .containsExactly(running.id());
        assertThat(list(trigger, RunStatus.SUCCEEDED, 10)).extracting(Run::id)
                .containsExactly(succeeded.id());
        assertThat(list(trigger, RunStatus.FAILED, 10)).extracting(Run::id).containsExactly(failed.id());

        List<Run> allFailed = list(null, RunStatus.FAILED, 100);
        assertThat(allFailed).extracting(Run::status).containsOnly(RunStatus.FAILED);
        assertThat(allFailed.getFirst().id()).isEqualTo(failed.id());
    }

    @Test
    void listRunsHonoursTheLimit() {
        String trigger = uniqueTrigger();
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Run run = queued(trigger, T0.plusSeconds(i));
            history().createRun(run);
            runs.add(run);
        }

        assertThat(list(trigger, null, 2)).extracting(Run::id)
                .containsExactly(runs.get(4).id(), runs.get(3).id());
        assertThat(list(trigger, null, 5)).hasSize(5);
    }

    @Test
    void listRunsClampsALimitOfZeroOrLessToOne() {
        String trigger = uniqueTrigger();
        Run older = queued(trigger, T0.plusSeconds(1));
        Run newer = queued(trigger, T0.plusSeconds(2));
        history().createRun(older);
        history().createRun(newer);

        assertThat(list(trigger, null, 0)).extracting(Run::id).containsExactly(newer.id());
        assertThat(list(trigger, null, -5)).extracting(Run::id).containsExactly(newer.id());
    }

    @Test
    void listRunsClampsALimitOf1000To100() {
        String trigger = uniqueTrigger();
        for (int i = 0; i < RunHistory.MAX_LIST + 5; i++) {
            history().createRun(queued(trigger, T0.plusMillis(i)));
        }

        List<Run> listed = list(trigger, null, 1_000);

        assertThat(listed).hasSize(100);
        assertThat(listed.getFirst().createdAt()).isEqualTo(T0.plusMillis(RunHistory.MAX_LIST + 4));
        assertThat(listed.getLast().createdAt()).isEqualTo(T0.plusMillis(5));
    }

    @Test
    void listRunsPagesThroughEveryRunOnceNewestFirst_runsOfTheSameInstantOrderedById() {
        String trigger = uniqueTrigger();
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // three runs per instant: the id decides their order, and pages may end between them
            Run run = queued(trigger, T0.plusSeconds(i / 3).plusNanos(123_456_000));
            history().createRun(run);
            runs.add(run);
        }
        RunQuery query = new RunQuery(trigger, null, null, null, null, null, 2);

        List<Run> walked = new ArrayList<>();
        RunPage page = history().listRuns(query);
        int pages = 1;
        walked.addAll(page.runs());
        while (page.next() != null) {
            page = history().listRuns(query.startingAfter(page.next()));
            walked.addAll(page.runs());
            pages++;
        }

        assertThat(pages).isEqualTo(4);
        assertThat(walked).extracting(Run::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(runs.stream().map(Run::id).toList());
        for (int i = 1; i < walked.size(); i++) {
            Run newer = walked.get(i - 1);
            Run older = walked.get(i);
            assertThat(newer.createdAt()).isAfterOrEqualTo(older.createdAt());
            if (newer.createdAt().equals(older.createdAt())) {
                assertThat(unsignedCompare(newer.id(), older.id())).as("id DESC within an instant").isPositive();
            }
        }
    }

    @Test
    void listRunsOnAFullLastPageSaysWhereToGoOnAndTheNextPageIsEmpty() {
        String trigger = uniqueTrigger();
        history().createRun(queued(trigger, T0.plusSeconds(1)));
        history().createRun(queued(trigger, T0.plusSeconds(2)));
        RunQuery query = new RunQuery(trigger, null, null, null, null, null, 2);

        RunPage exact = history().listRuns(query);

        assertThat(exact.runs()).hasSize(2);
        assertThat(exact.next()).as("no page after a page that holds the last run").isNull();
        assertThat(history().listRuns(query.startingAfter(RunCursor.of(exact.runs().getLast()))).runs()).isEmpty();
    }

    @Test
    void listRunsAfterACursor_isNotShiftedByRunsCreatedMeanwhile() {
        String trigger = uniqueTrigger();
        for (int i = 0; i < 4; i++) {
            history().createRun(queued(trigger, T0.plusSeconds(i)));
        }
        RunQuery query = new RunQuery(trigger, null, null, null, null, null, 2);
        RunPage first = history().listRuns(query);

        history().createRun(queued(trigger, T0.plusSeconds(10)));
        RunPage second = history().listRuns(query.startingAfter(first.next()));

        assertThat(second.runs()).extracting(Run::createdAt).containsExactly(T0.plusSeconds(1), T0);
        assertThat(second.next()).isNull();
    }

    @Test
    void listRunsFiltersByWorkflow() {
        String trigger = uniqueTrigger();
        String workflow = "wf-" + UUID.randomUUID();
        Run mine = withWorkflow(queued(trigger, T0.plusSeconds(1)), workflow);
        Run theirs = queued(trigger, T0.plusSeconds(2));
        history().createRun(mine);
        history().createRun(theirs);

        assertThat(history().listRuns(new RunQuery(null, workflow, null, null, null, null, 10)).runs())
                .extracting(Run::id).containsExactly(mine.id());
    }

    @Test
    void listRunsFromIsInclusiveAndToExclusive() {
        String trigger = uniqueTrigger();
        Instant at = T0.plusSeconds(100).plusNanos(1_000);
        Run before = queued(trigger, at.minusNanos(1_000));
        Run atFrom = queued(trigger, at);
        Run atTo = queued(trigger, at.plusSeconds(5));
        List.of(before, atFrom, atTo).forEach(history()::createRun);

        RunPage page = history().listRuns(new RunQuery(trigger, null, null, at, at.plusSeconds(5), null, 10));

        assertThat(page.runs()).extracting(Run::id).containsExactly(atFrom.id());
    }

    private static Run withWorkflow(Run run, String workflowId) {
        return new Run(run.id(), run.triggerId(), workflowId, run.eventId(), run.status(), run.input(), run.output(),
                run.error(), run.cause(), run.definition(), run.createdAt(), run.startedAt(), run.finishedAt());
    }

    /** PostgreSQL's order of UUIDs: their 16 bytes compared unsigned. */
    private static int unsignedCompare(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    // ---- claiming steps ----

    @Test
    void claimStateInsertsARunningStepWithItsInputAndVariablesAndReturnsClaimed() {
        Run run = created(T0);

        StateClaim claim = history().claimState(new StateStart(run.id(), "2.7", 3, "Fetch", "Task", "{\"in\":1}",
                "{\"x\":\"y\"}"), T0, LEASE);

        assertThat(claim).isInstanceOfSatisfying(StateClaim.Claimed.class, claimed -> {
            StateExecution execution = claimed.execution();
            assertThat(execution.runId()).isEqualTo(run.id());
            assertThat(execution.frame()).isEqualTo("2.7");
            assertThat(execution.sequence()).isEqualTo(3);
            assertThat(execution.stateName()).isEqualTo("Fetch");
            assertThat(execution.stateType()).isEqualTo("Task");
            assertThat(execution.status()).isEqualTo(StateStatus.RUNNING);
            assertThat(execution.input()).isEqualTo("{\"in\":1}");
            assertThat(execution.variables()).isEqualTo("{\"x\":\"y\"}");
            assertThat(execution.startedAt()).isEqualTo(T0);
            assertThat(execution.leaseUntil()).isEqualTo(T0.plus(LEASE));
            assertThat(execution.attempts()).isEqualTo(1);
            assertThat(execution.nextEnqueued()).isFalse();
            assertThat(execution.finishedAt()).isNull();
            assertThat(execution.output()).isNull();
            assertThat(execution.nextState()).isNull();
            assertThat(execution.nextNotBefore()).isNull();
            assertThat(execution.retries()).isNull();
            assertThat(execution.branches()).isNull();
            assertThat(execution.concurrency()).isNull();
        });
        assertThat(history().stateExecutions(run.id())).containsExactly(((StateClaim.Claimed) claim).execution());
    }

    @Test
    void aSecondClaimWhileTheLeaseIsLiveIsBusyWithLeaseUntil() {
        Run run = created(T0);
        claim(run.id(), 0, T0);

        StateClaim second = claim(run.id(), 0, T0.plusSeconds(30));

        assertThat(second).isInstanceOfSatisfying(StateClaim.Busy.class, busy -> {
            assertThat(busy.leaseUntil()).isEqualTo(T0.plus(LEASE));
            assertThat(busy.execution().status()).isEqualTo(StateStatus.RUNNING);
            assertThat(busy.execution().attempts()).isEqualTo(1);
        });
        StateExecution stored = step(run.id(), 0);
        assertThat(stored.leaseUntil()).isEqualTo(T0.plus(LEASE));
        assertThat(stored.startedAt()).isEqualTo(T0);
        assertThat(stored.attempts()).isEqualTo(1);
    }

    @Test
    void anExpiredLeaseIsTakenOverAsClaimedWithAttempts2KeepingTheFirstInputAndVariables() {
        Run run = created(T0);
        claim(run.id(), 0, T0);
        Instant later = T0.plus(LEASE).plusSeconds(1);

        StateClaim takeover = history().claimState(new StateStart(run.id(), ROOT, 0, "S0", "Task", "{\"other\":1}",
                "{\"other\":1}"), later, LEASE);

        assertThat(takeover).isInstanceOfSatisfying(StateClaim.Claimed.class, claimed -> {
            assertThat(claimed.execution().status()).isEqualTo(StateStatus.RUNNING);
            assertThat(claimed.execution().attempts()).isEqualTo(2);
            assertThat(claimed.execution().startedAt()).isEqualTo(later);
            assertThat(claimed.execution().leaseUntil()).isEqualTo(later.plus(LEASE));
            assertThat(claimed.execution().input()).isEqualTo("{\"in\":1}");
            assertThat(claimed.execution().variables()).isEqualTo("{\"v\":1}");
        });
        // the new lease protects the new owner
        assertThat(claim(run.id(), 0, later.plusSeconds(1))).isInstanceOf(StateClaim.Busy.class);
    }

    @ParameterizedTest
    @EnumSource(value = StateStatus.class, names = {"SUCCEEDED", "RETRIED", "CAUGHT", "FAILED"})
    void aClaimOfAnEndedStepIsAlreadyFinishedEvenAfterTheLeaseWouldHaveExpired(StateStatus ended) {
        Run run = created(T0);
        claim(run.id(), 0, T0);
        history().finishState(new StateFinish(run.id(), ROOT, 0, ended, "{\"out\":2}", "{\"v\":2}", "E", "C", "Next",
                null, null, null, T0.plusSeconds(1)));

        StateClaim again = claim(run.id(), 0, T0.plus(LEASE).plusSeconds(10));

        assertThat(again).isInstanceOfSatisfying(StateClaim.AlreadyFinished.class, finished -> {
            StateExecution execution = finished.execution();
            assertThat(execution.status()).isEqualTo(ended);
            assertThat(execution.output()).isEqualTo("{\"out\":2}");
            assertThat(execution.nextState()).isEqualTo("Next");
            assertThat(execution.finishedAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(execution.leaseUntil()).isNull();
            assertThat(execution.attempts()).isEqualTo(1);
        });
    }

    @Test
    void aClaimOfAWaitingStepIsWaitingWhateverTheTime() {
        Run run = forked(inputs(2), 2);

        StateClaim again = claim(run.id(), 0, T0.plus(Duration.ofDays(3)));

        assertThat(again).isInstanceOfSatisfying(StateClaim.Waiting.class, waiting -> {
            assertThat(waiting.execution().status()).isEqualTo(StateStatus.WAITING);
            assertThat(waiting.execution().branches()).isEqualTo(2);
            assertThat(waiting.execution().attempts()).isEqualTo(1);
        });
        assertThat(step(run.id(), 0).status()).isEqualTo(StateStatus.WAITING);
    }

    @Test
    void stepsOfDifferentFramesWithTheSameSequenceAreDifferentSteps() {
        Run run = created(T0);

        assertThat(claim(run.id(), ROOT, 0, T0, LEASE)).isInstanceOf(StateClaim.Claimed.class);
        assertThat(claim(run.id(), "0.0", 0, T0, LEASE)).isInstanceOf(StateClaim.Claimed.class);
        assertThat(claim(run.id(), "0.1", 0, T0, LEASE)).isInstanceOf(StateClaim.Claimed.class);
        assertThat(claim(run.id(), "0.1", 0, T0, LEASE)).isInstanceOf(StateClaim.Busy.class);

        assertThat(history().stateExecution(run.id(), "0.0", 0)).isPresent();
        assertThat(history().stateExecution(run.id(), "0.2", 0)).isEmpty();
    }

    @Test
    void releaseStateLetsTheNextClaimTakeOverAtOnce() {
        Run run = created(T0);
        claim(run.id(), 0, T0);

        history().releaseState(run.id(), ROOT, 0);

        assertThat(step(run.id(), 0).leaseUntil()).isNull();
        assertThat(claim(run.id(), 0, T0.plusSeconds(1))).isInstanceOfSatisfying(StateClaim.Claimed.class, claimed -> {
            assertThat(claimed.execution().attempts()).isEqualTo(2);
            assertThat(claimed.execution().leaseUntil()).isEqualTo(T0.plusSeconds(1).plus(LEASE));
        });
    }

    @Test
    void releaseStateOfAFinishedStepChangesNothing() {
        Run run = created(T0);
        claim(run.id(), 0, T0);
        succeed(run.id(), ROOT, 0, "{}", null, T0.plusSeconds(1));

        history().releaseState(run.id(), ROOT, 0);

        assertThat(claim(run.id(), 0, T0.plusSeconds(2))).isInstanceOf(StateClaim.AlreadyFinished.class);
    }

    // ---- finishing steps ----

    @Test
    void finishStateRecordsEverythingTheNextStepNeeds() {
        Run run = running(T0);
        claim(run.id(), 0, T0);
        Instant notBefore = T0.plus(Duration.ofDays(7));

        history().finishState(new StateFinish(run.id(), ROOT, 0, StateStatus.RETRIED, "{\"in\":1}", "{\"v\":1}",
                "States.Timeout", "took too long", "S0", notBefore, "[1,0]", null, T0.plusSeconds(3)));

        StateExecution state = step(run.id(), 0);
        assertThat(state.status()).isEqualTo(StateStatus.RETRIED);
        assertThat(state.output()).isEqualTo("{\"in\":1}");
        assertThat(state.variables()).isEqualTo("{\"v\":1}");
        assertThat(state.error()).isEqualTo("States.Timeout");
        assertThat(state.cause()).isEqualTo("took too long");
        assertThat(state.nextState()).isEqualTo("S0");
        assertThat(state.nextNotBefore()).isEqualTo(notBefore);
        assertThat(state.retries()).isEqualTo("[1,0]");
        assertThat(state.finishedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(state.leaseUntil()).isNull();
        assertThat(state.input()).isEqualTo("{\"in\":1}");
        assertThat(state.startedAt()).isEqualTo(T0);
        assertThat(history().findRun(run.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void finishStateWithRunStatusSucceededFinishesTheRunWithTheStateOutput() {
        Run run = running(T0);
        claim(run.id(), 0, T0);

        end(run.id(), 0, StateStatus.SUCCEEDED, "{\"r\":true}", null, null, RunStatus.SUCCEEDED, T0.plusSeconds(5));

        Run finished = history().findRun(run.id()).orElseThrow();
        assertThat(finished.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(finished.output()).isEqualTo("{\"r\":true}");
        assertThat(finished.error()).isNull();
        assertThat(finished.cause()).isNull();
        assertThat(finished.finishedAt()).isEqualTo(T0.plusSeconds(5));
        StateExecution state = step(run.id(), 0);
        assertThat(state.status()).isEqualTo(StateStatus.SUCCEEDED);
        assertThat(state.output()).isEqualTo("{\"r\":true}");
        assertThat(state.finishedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(state.leaseUntil()).isNull();
    }

    @Test
    void finishStateWithRunStatusFailedKeepsErrorAndCauseButNoOutputOnTheRun() {
        Run run = running(T0);
        claim(run.id(), 0, T0);

        end(run.id(), 0, StateStatus.FAILED, "{\"partial\":1}", "States.TaskFailed", "boom", RunStatus.FAILED,
                T0.plusSeconds(5));

        Run failed = history().findRun(run.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.output()).isNull();
        assertThat(failed.error()).isEqualTo("States.TaskFailed");
        assertThat(failed.cause()).isEqualTo("boom");
        assertThat(failed.finishedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(step(run.id(), 0).status()).isEqualTo(StateStatus.FAILED);
    }

    @Test
    void finishStateWithoutRunStatusFinishesTheStepAndLeavesTheRunOpen() {
        Run run = running(T0);
        claim(run.id(), 0, T0);

        succeed(run.id(), ROOT, 0, "{\"x\":1}", "B", T0.plusSeconds(1));

        assertThat(step(run.id(), 0).status()).isEqualTo(StateStatus.SUCCEEDED);
        assertThat(step(run.id(), 0).nextState()).isEqualTo("B");
        Run open = history().findRun(run.id()).orElseThrow();
        assertThat(open.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(open.finishedAt()).isNull();
        assertThat(open.output()).isNull();
    }

    @Test
    void finishStateOnAnAlreadyFinishedStepChangesNothingAndDoesNotTouchTheRun() {
        Run run = running(T0);
        claim(run.id(), 0, T0);
        succeed(run.id(), ROOT, 0, "{\"first\":1}", "B", T0.plusSeconds(1));
        StateExecution before = step(run.id(), 0);
        Run runBefore = history().findRun(run.id()).orElseThrow();

        end(run.id(), 0, StateStatus.FAILED, null, "Late", "late copy", RunStatus.FAILED, T0.plusSeconds(9));

        assertThat(step(run.id(), 0)).isEqualTo(before);
        assertThat(before.output()).isEqualTo("{\"first\":1}");
        assertThat(history().findRun(run.id())).contains(runBefore);
        assertThat(runBefore.status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void finishStateOfAStepThatWasNeverClaimedChangesNothing() {
        Run run = running(T0);

        end(run.id(), 7, StateStatus.SUCCEEDED, "{}", null, null, RunStatus.SUCCEEDED, T0);

        assertThat(history().stateExecutions(run.id())).isEmpty();
        assertThat(history().findRun(run.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void finishStateOfAWaitingStepChangesNothing() {
        Run run = forked(inputs(2), 2);
        StateExecution before = step(run.id(), 0);

        end(run.id(), 0, StateStatus.SUCCEEDED, "[]", null, null, RunStatus.SUCCEEDED, T0.plusSeconds(2));

        assertThat(step(run.id(), 0)).isEqualTo(before);
        assertThat(history().findRun(run.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void finishStateDoesNotReopenOrOverwriteARunThatAlreadyEnded() {
        Run run = running(T0);
        claim(run.id(), 0, T0);
        claim(run.id(), "0.0", 0, T0, LEASE);
        assertThat(history().failRun(run.id(), ROOT, 0, "hookrun.StepAbandoned", "gave up", T0.plusSeconds(1)))
                .isTrue();
        Run failed = history().findRun(run.id()).orElseThrow();

        history().finishState(new StateFinish(run.id(), "0.0", 0, StateStatus.SUCCEEDED, "{}", null, null, null, null,
                null, null, RunStatus.SUCCEEDED, T0.plusSeconds(2)));

        assertThat(history().findRun(run.id())).contains(failed);
        assertThat(step(run.id(), "0.0", 0).status()).isEqualTo(StateStatus.SUCCEEDED);
    }

    @Test
    void markNextEnqueuedSetsTheFlagOfThatStepOnly() {
        Run run = created(T0);
        claim(run.id(), 0, T0);
        claim(run.id(), 1, T0);
        claim(run.id(), "1.0", 0, T0, LEASE);
        succeed(run.id(), ROOT, 0, "{}", "B", T0);

        history().markNextEnqueued(run.id(), ROOT, 0);

        assertThat(step(run.id(), 0).nextEnqueued()).isTrue();
        assertThat(step(run.id(), 0).status()).isEqualTo(StateStatus.SUCCEEDED);
        assertThat(step(run.id(), 1).nextEnqueued()).isFalse();
        assertThat(step(run.id(), "1.0", 0).nextEnqueued()).isFalse();
    }

    @Test
    void stateExecutionsListsEveryFrameOrderedByStartTimeThenFrameThenSequence() {
        Run run = created(T0);
        Run other = created(T0);
        claim(run.id(), ROOT, 10, T0.plusSeconds(2), LEASE);
        claim(run.id(), "1.1", 0, T0.plusSeconds(1), LEASE);
        claim(run.id(), "1.0", 1, T0.plusSeconds(1), LEASE);
        claim(run.id(), "1.0", 0, T0.plusSeconds(1), LEASE);
        claim(run.id(), ROOT, 2, T0, LEASE);
        claim(run.id(), ROOT, 1, T0, LEASE);
        claim(other.id(), ROOT, 0, T0, LEASE);

        List<StateExecution> states = history().stateExecutions(run.id());

        assertThat(states).extracting(s -> s.frame() + "#" + s.sequence())
                .containsExactly("#1", "#2", "1.0#0", "1.0#1", "1.1#0", "#10");
        assertThat(states).extracting(StateExecution::runId).containsOnly(run.id());
        assertThat(history().stateExecutions(UUID.randomUUID())).isEmpty();
    }

    // ---- forks and branches ----

    @Test
    void forkStateMakesTheStepWaitingAndWritesOnePendingBranchPerInputInIndexOrder() {
        Run run = running(T0);
        claim(run.id(), 0, T0);

        boolean forked = history().forkState(run.id(), ROOT, 0, "{\"scope\":1}", inputs(3), 2, T0.plusSeconds(1));

        assertThat(forked).isTrue();
        StateExecution waiting = step(run.id(), 0);
        assertThat(waiting.status()).isEqualTo(StateStatus.WAITING);
        assertThat(waiting.variables()).isEqualTo("{\"scope\":1}");
        assertThat(waiting.branches()).isEqualTo(3);
        assertThat(waiting.concurrency()).isEqualTo(2);
        assertThat(waiting.leaseUntil()).isNull();
        assertThat(waiting.finishedAt()).isNull();
        List<Branch> branches = history().branches(run.id(), ROOT, 0);
        assertThat(branches).extracting(Branch::index).containsExactly(0, 1, 2);
        assertThat(branches).extracting(Branch::input).containsExactlyElementsOf(inputs(3));
        assertThat(branches).extracting(Branch::status).containsOnly(BranchStatus.PENDING);
        assertThat(branches).extracting(Branch::childFrame).containsExactly("0.0", "0.1", "0.2");
        assertThat(branches.get(1)).isEqualTo(new Branch(run.id(), ROOT, 0, 1, BranchStatus.PENDING,
                "{\"item\":1}", null, null, null, null, null));
        assertThat(history().branch(run.id(), ROOT, 0, 2)).contains(branches.get(2));
        assertThat(history().branch(run.id(), ROOT, 0, 3)).isEmpty();
        assertThat(history().branchTally(run.id(), ROOT, 0)).isEqualTo(new BranchTally(false, 3, 3, 0, 0));
    }

    @Test
    void aStepOfABranchFrameForksToo() {
        Run run = running(T0);
        claim(run.id(), "4.2", 1, T0, LEASE);

        assertThat(history().forkState(run.id(), "4.2", 1, "{}", inputs(2), 1, T0)).isTrue();

        assertThat(history().branches(run.id(), "4.2", 1)).extracting(Branch::childFrame)
                .containsExactly("4.2/1.0", "4.2/1.1");
        assertThat(history().branches(run.id(), ROOT, 1)).isEmpty();
    }

    @Test
    void forkStateOnlyForksARunningStepAndOnlyOnce() {
        Run run = running(T0);
        claim(run.id(), 0, T0);
        assertThat(history().forkState(run.id(), ROOT, 0, "{}", inputs(2), 2, T0)).isTrue();
        claim(run.id(), 1, T0);
        succeed(run.id(), ROOT, 1, "{}", null, T0);

        assertThat(history().forkState(run.id(), ROOT, 0, "{\"again\":1}", inputs(5), 5, T0.plusSeconds(1))).isFalse();
        assertThat(history().claimJoin(run.id(), ROOT, 0, T0.plusSeconds(1), LEASE)).isTrue(); // RUNNING again
        assertThat(history().forkState(run.id(), ROOT, 0, "{\"again\":1}", inputs(5), 5, T0.plusSeconds(1))).isFalse();
        assertThat(history().forkState(run.id(), ROOT, 1, "{}", inputs(2), 2, T0)).isFalse();
        assertThat(history().forkState(run.id(), ROOT, 2, "{}", inputs(2), 2, T0)).isFalse();

        assertThat(history().branches(run.id(), ROOT, 0)).hasSize(2);
        assertThat(step(run.id(), 0).variables()).isEqualTo("{}");
        assertThat(history().branches(run.id(), ROOT, 1)).isEmpty();
        assertThat(history().branches(run.id(), ROOT, 2)).isEmpty();
        assertThat(history().stateExecution(run.id(), ROOT, 2)).isEmpty();
        assertThat(step(run.id(), 1).status()).isEqualTo(StateStatus.SUCCEEDED);
    }

    @Test
    void forkStateWithNoInputsForksNothingAndLeavesTheStepRunning() {
        Run run = running(T0);
        claim(run.id(), 0, T0);
        StateExecution before = step(run.id(), 0);

        assertThat(history().forkState(run.id(), ROOT, 0, "{}", List.of(), 40, T0)).isFalse();

        assertThat(step(run.id(), 0)).isEqualTo(before);
        assertThat(history().branches(run.id(), ROOT, 0)).isEmpty();
        assertThat(history().branchTally(run.id(), ROOT, 0)).isEqualTo(new BranchTally(false, 0, 0, 0, 0));
    }

    @Test
    void forkStateIsAtomicAFailingBranchInputLeavesTheStepRunningAndNoBranch() {
        Run run = running(T0);
        claim(run.id(), 0, T0);
        StateExecution before = step(run.id(), 0);

        assertThatThrownBy(() -> history().forkState(run.id(), ROOT, 0, "{}", List.of("{}", "bad \u0000 byte"), 2,
                T0)).hasStackTraceContaining("0x00");

        assertThat(step(run.id(), 0)).isEqualTo(before);
        assertThat(history().branches(run.id(), ROOT, 0)).isEmpty();
        assertThat(history().forkState(run.id(), ROOT, 0, "{}", inputs(2), 2, T0)).isTrue();
        assertThat(history().branches(run.id(), ROOT, 0)).hasSize(2);
    }

    @Test
    void startBranchesStartsOnlyThePendingBranchesOfTheRange() {
        Run run = forked(inputs(6), 2);
        history().startBranches(run.id(), ROOT, 0, 0, 2, T0.plusSeconds(2));
        succeedBranch(run.id(), 0, T0.plusSeconds(3));

        history().startBranches(run.id(), ROOT, 0, 0, 4, T0.plusSeconds(4));
        history().startBranches(run.id(), ROOT, 0, 5, 99, T0.plusSeconds(5));

        List<Branch> branches = history().branches(run.id(), ROOT, 0);
        assertThat(branches).extracting(Branch::status).containsExactly(BranchStatus.SUCCEEDED, BranchStatus.RUNNING,
                BranchStatus.RUNNING, BranchStatus.RUNNING, BranchStatus.PENDING, BranchStatus.RUNNING);
        assertThat(branches).extracting(Branch::startedAt).containsExactly(T0.plusSeconds(2), T0.plusSeconds(2),
                T0.plusSeconds(4), T0.plusSeconds(4), null, T0.plusSeconds(5));
        assertThat(history().branchTally(run.id(), ROOT, 0)).isEqualTo(new BranchTally(false, 6, 5, 1, 0));
    }

    @Test
    void finishBranchRecordsTheResultAndReturnsTheTallyAfterIt() {
        Run run = forked(inputs(3), 3);
        history().startBranches(run.id(), ROOT, 0, 0, 3, T0.plusSeconds(2));

        BranchTally first = history().finishBranch(run.id(), ROOT, 0, 2, BranchStatus.SUCCEEDED, "{\"r\":2}", null,
                null, T0.plusSeconds(3));
        BranchTally second = history().finishBranch(run.id(), ROOT, 0, 0, BranchStatus.FAILED, null,
                "States.TaskFailed", "boom", T0.plusSeconds(4));

        assertThat(first).isEqualTo(new BranchTally(true, 3, 2, 1, 0));
        assertThat(second).isEqualTo(new BranchTally(true, 3, 1, 1, 1));
        assertThat(history().branch(run.id(), ROOT, 0, 2)).contains(new Branch(run.id(), ROOT, 0, 2,
                BranchStatus.SUCCEEDED, "{\"item\":2}", "{\"r\":2}", null, null, T0.plusSeconds(2), T0.plusSeconds(3)));
        assertThat(history().branch(run.id(), ROOT, 0, 0)).contains(new Branch(run.id(), ROOT, 0, 0,
                BranchStatus.FAILED, "{\"item\":0}", null, "States.TaskFailed", "boom", T0.plusSeconds(2),
                T0.plusSeconds(4)));
        assertThat(history().branchTally(run.id(), ROOT, 0)).isEqualTo(new BranchTally(false, 3, 1, 1, 1));
        assertThat(step(run.id(), 0).status()).isEqualTo(StateStatus.WAITING);
    }

    @Test
    void aRepeatedFinishBranchChangesNothingAndReturnsTheSameTallyUnchanged() {
        Run run = forked(inputs(2), 2);
        history().startBranches(run.id(), ROOT, 0, 0, 2, T0.plusSeconds(2));
        BranchTally first = succeedBranch(run.id(), 1, T0.plusSeconds(3));
        Branch ended = history().branch(run.id(), ROOT, 0, 1).orElseThrow();

        BranchTally repeated = history().finishBranch(run.id(), ROOT, 0, 1, BranchStatus.FAILED, null, "Late",
                "late copy", T0.plusSeconds(9));

        assertThat(first).isEqualTo(new BranchTally(true, 2, 1, 1, 0));
        assertThat(repeated).isEqualTo(new BranchTally(false, 2, 1, 1, 0));
        assertThat(history().branch(run.id(), ROOT, 0, 1)).contains(ended);
    }

    @Test
    void aPendingBranchCanEndWithoutHavingStarted() {
        Run run = forked(inputs(2), 1);

        BranchTally tally = succeedBranch(run.id(), 1, T0.plusSeconds(3));

        assertThat(tally).isEqualTo(new BranchTally(true, 2, 1, 1, 0));
        Branch branch = history().branch(run.id(), ROOT, 0, 1).orElseThrow();
        assertThat(branch.status()).isEqualTo(BranchStatus.SUCCEEDED);
        assertThat(branch.finishedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void finishBranchOfAnUnknownForkOrIndexChangesNothing() {
        Run run = forked(inputs(2), 2);

        assertThat(succeedBranch(run.id(), 2, T0).changed()).isFalse();
        assertThat(history().finishBranch(run.id(), ROOT, 5, 0, BranchStatus.SUCCEEDED, "{}", null, null, T0)
                .changed()).isFalse();

        assertThat(history().branchTally(run.id(), ROOT, 0)).isEqualTo(new BranchTally(false, 2, 2, 0, 0));
    }

    @Test
    void concurrentFinishBranchCallsCountEveryBranchExactlyOnceAndEachGetsTheTallyAfterItsOwnChange()
            throws Exception {
        int n = 24;
        Run run = forked(inputs(n), n);
        history().startBranches(run.id(), ROOT, 0, 0, n, T0.plusSeconds(2));
        List<Callable<BranchTally>> calls = new ArrayList<>();
        for (int copy = 0; copy < 2; copy++) { // every branch's last step delivered twice
            for (int i = 0; i < n; i++) {
                int index = i;
                calls.add(() -> index % 3 == 0
                        ? history().finishBranch(run.id(), ROOT, 0, index, BranchStatus.FAILED, null, "E", "C", T0)
                        : succeedBranch(run.id(), index, T0));
            }
        }
        Collections.shuffle(calls);

        List<BranchTally> tallies = runConcurrently(calls);

        List<BranchTally> changed = tallies.stream().filter(BranchTally::changed).toList();
        assertThat(changed).hasSize(n);
        assertThat(changed).extracting(BranchTally::open)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, n).boxed().toList());
        assertThat(changed).allSatisfy(t -> assertThat(t.open() + t.succeeded() + t.failed()).isEqualTo(n));
        assertThat(history().branchTally(run.id(), ROOT, 0)).isEqualTo(new BranchTally(false, n, 0, n - n / 3, n / 3));
        assertThat(history().branches(run.id(), ROOT, 0)).extracting(Branch::status)
                .doesNotContain(BranchStatus.PENDING, BranchStatus.RUNNING);
    }

    // ---- joins ----

    @Test
    void claimJoinTakesAWaitingStepToRunningForOneAttemptOnly() {
        Run run = forked(inputs(2), 2);

        assertThat(history().claimJoin(run.id(), ROOT, 0, T0.plusSeconds(5), LEASE)).isTrue();
        assertThat(history().claimJoin(run.id(), ROOT, 0, T0.plusSeconds(6), LEASE)).isFalse();

        StateExecution joining = step(run.id(), 0);
        assertThat(joining.status()).isEqualTo(StateStatus.RUNNING);
        assertThat(joining.leaseUntil()).isEqualTo(T0.plusSeconds(5).plus(LEASE));
        assertThat(joining.branches()).isEqualTo(2);
        assertThat(joining.variables()).isEqualTo("{\"scope\":1}");
        assertThat(joining.attempts()).isEqualTo(1);
        // a redelivered join message finds the join held
        assertThat(claim(run.id(), 0, T0.plusSeconds(7))).isInstanceOf(StateClaim.Busy.class);
    }

    @Test
    void aJoinWhoseAttemptDiedIsTakenOverOnceItsLeaseExpired() {
        Run run = forked(inputs(2), 2);
        history().claimJoin(run.id(), ROOT, 0, T0.plusSeconds(5), LEASE);
        Instant expired = T0.plusSeconds(5).plus(LEASE).plusSeconds(1);

        assertThat(history().claimJoin(run.id(), ROOT, 0, expired, LEASE)).isTrue();
        assertThat(history().claimJoin(run.id(), ROOT, 0, expired, LEASE)).isFalse();
        assertThat(step(run.id(), 0).attempts()).isEqualTo(2);

        // or a redelivered message takes it over through claimState, and sees it is a join
        assertThat(claim(run.id(), 0, expired.plus(LEASE).plusSeconds(1)))
                .isInstanceOfSatisfying(StateClaim.Claimed.class, claimed -> {
                    assertThat(claimed.execution().branches()).isEqualTo(2);
                    assertThat(claimed.execution().attempts()).isEqualTo(3);
                });
    }

    @Test
    void claimJoinRefusesAStepThatIsNotWaiting() {
        Run run = running(T0);
        claim(run.id(), 0, T0);
        claim(run.id(), 1, T0);
        succeed(run.id(), ROOT, 1, "{}", null, T0);
        Instant expired = T0.plus(LEASE).plusSeconds(1);

        assertThat(history().claimJoin(run.id(), ROOT, 0, expired, LEASE)).isFalse(); // running, never forked
        assertThat(history().claimJoin(run.id(), ROOT, 1, expired, LEASE)).isFalse();
        assertThat(history().claimJoin(run.id(), ROOT, 2, expired, LEASE)).isFalse();
        assertThat(step(run.id(), 0).leaseUntil()).isEqualTo(T0.plus(LEASE));
        assertThat(step(run.id(), 1).status()).isEqualTo(StateStatus.SUCCEEDED);
    }

    @Test
    void twoConcurrentClaimJoinCallsOneWins() throws Exception {
        for (int round = 0; round < 10; round++) {
            Run run = forked(inputs(1), 1);
            List<Callable<Boolean>> calls = List.of(
                    () -> history().claimJoin(run.id(), ROOT, 0, T0.plusSeconds(5), LEASE),
                    () -> history().claimJoin(run.id(), ROOT, 0, T0.plusSeconds(5), LEASE));

            assertThat(runConcurrently(calls)).containsExactlyInAnyOrder(true, false);
            assertThat(step(run.id(), 0).status()).isEqualTo(StateStatus.RUNNING);
        }
    }

    @Test
    void aJoinedStepFinishesLikeAnyStepAndKeepsItsForkCounts() {
        Run run = forked(inputs(2), 1);
        succeedBranch(run.id(), 0, T0.plusSeconds(2));
        succeedBranch(run.id(), 1, T0.plusSeconds(3));
        history().claimJoin(run.id(), ROOT, 0, T0.plusSeconds(4), LEASE);

        end(run.id(), 0, StateStatus.SUCCEEDED, "[0,1]", null, null, RunStatus.SUCCEEDED, T0.plusSeconds(5));

        StateExecution joined = step(run.id(), 0);
        assertThat(joined.status()).isEqualTo(StateStatus.SUCCEEDED);
        assertThat(joined.output()).isEqualTo("[0,1]");
        assertThat(joined.branches()).isEqualTo(2);
        assertThat(joined.concurrency()).isEqualTo(1);
        assertThat(history().findRun(run.id()).orElseThrow().output()).isEqualTo("[0,1]");
        assertThat(history().branchTally(run.id(), ROOT, 0)).isEqualTo(new BranchTally(false, 2, 0, 2, 0));
    }

    @Test
    void abortBranchesAbortsTheOpenBranchesOnlyAndLeavesNoneOpen() {
        Run run = forked(inputs(4), 2);
        history().startBranches(run.id(), ROOT, 0, 0, 2, T0.plusSeconds(2));
        history().finishBranch(run.id(), ROOT, 0, 0, BranchStatus.FAILED, null, "E", "C", T0.plusSeconds(3));

        int aborted = history().abortBranches(run.id(), ROOT, 0, T0.plusSeconds(4));

        assertThat(aborted).isEqualTo(3);
        List<Branch> branches = history().branches(run.id(), ROOT, 0);
        assertThat(branches).extracting(Branch::status).containsExactly(BranchStatus.FAILED, BranchStatus.ABORTED,
                BranchStatus.ABORTED, BranchStatus.ABORTED);
        assertThat(branches.get(0).error()).isEqualTo("E");
        assertThat(branches.get(1).finishedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(history().branchTally(run.id(), ROOT, 0)).isEqualTo(new BranchTally(false, 4, 0, 0, 1));
        // a late branch end does not count, and aborting again aborts nothing
        assertThat(succeedBranch(run.id(), 1, T0.plusSeconds(5))).isEqualTo(new BranchTally(false, 4, 0, 0, 1));
        assertThat(history().branch(run.id(), ROOT, 0, 1).orElseThrow().status()).isEqualTo(BranchStatus.ABORTED);
        assertThat(history().abortBranches(run.id(), ROOT, 0, T0.plusSeconds(6))).isZero();
        assertThat(history().abortBranches(run.id(), ROOT, 9, T0.plusSeconds(6))).isZero();
    }

    // ---- arguments no caller may pass ----

    @Test
    void aForkNeedsAConcurrencyOfAtLeastOne() {
        Run run = running(T0);
        claim(run.id(), 0, T0);

        assertThatThrownBy(() -> history().forkState(run.id(), ROOT, 0, "{}", inputs(2), 0, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(step(run.id(), 0).status()).isEqualTo(StateStatus.RUNNING);
    }

    @ParameterizedTest
    @EnumSource(value = StateStatus.class, names = {"RUNNING", "WAITING"})
    void aStepCannotFinishRunningOrWaiting(StateStatus notAnEnd) {
        Run run = running(T0);
        claim(run.id(), 0, T0);

        assertThatThrownBy(() -> end(run.id(), 0, notAnEnd, null, null, null, null, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(step(run.id(), 0).leaseUntil()).isEqualTo(T0.plus(LEASE));
    }

    @ParameterizedTest
    @EnumSource(value = BranchStatus.class, names = {"PENDING", "RUNNING", "ABORTED"})
    void aBranchEndsSucceededOrFailedOnly(BranchStatus notAnEnd) {
        Run run = forked(inputs(1), 1);

        assertThatThrownBy(() -> history().finishBranch(run.id(), ROOT, 0, 0, notAnEnd, null, null, null, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(history().branchTally(run.id(), ROOT, 0)).isEqualTo(new BranchTally(false, 1, 1, 0, 0));
    }

    // ---- failing a run that cannot go on ----

    @Test
    void failRunEndsTheRunAndItsRunningStepTogether() {
        Run run = running(T0);
        claim(run.id(), "0.3", 2, T0, LEASE);
        claim(run.id(), ROOT, 2, T0, LEASE);

        boolean ended = history().failRun(run.id(), "0.3", 2, "hookrun.StepAbandoned", "gave up", T0.plusSeconds(9));

        assertThat(ended).isTrue();
        Run failed = history().findRun(run.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).isEqualTo("hookrun.StepAbandoned");
        assertThat(failed.cause()).isEqualTo("gave up");
        assertThat(failed.output()).isNull();
        assertThat(failed.finishedAt()).isEqualTo(T0.plusSeconds(9));
        StateExecution state = step(run.id(), "0.3", 2);
        assertThat(state.status()).isEqualTo(StateStatus.FAILED);
        assertThat(state.error()).isEqualTo("hookrun.StepAbandoned");
        assertThat(state.cause()).isEqualTo("gave up");
        assertThat(state.leaseUntil()).isNull();
        assertThat(state.finishedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(step(run.id(), 2).status()).isEqualTo(StateStatus.RUNNING); // same sequence, other frame
    }

    @Test
    void failRunEndsAWaitingStep() {
        Run run = forked(inputs(2), 2);

        assertThat(history().failRun(run.id(), ROOT, 0, "hookrun.StepAbandoned", "lost", T0.plusSeconds(9))).isTrue();

        StateExecution state = step(run.id(), 0);
        assertThat(state.status()).isEqualTo(StateStatus.FAILED);
        assertThat(state.error()).isEqualTo("hookrun.StepAbandoned");
        assertThat(state.finishedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(history().claimJoin(run.id(), ROOT, 0, T0.plusSeconds(10), LEASE)).isFalse();
        assertThat(history().findRun(run.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void failRunEndsTheRunEvenWhenTheStepWasNeverClaimedOrIsHeldByALiveLease() {
        Run unclaimed = running(T0);
        Run held = running(T0);
        claim(held.id(), ROOT, 3, T0, Duration.ofDays(1));

        assertThat(history().failRun(unclaimed.id(), ROOT, 0, "hookrun.StepAbandoned", "no claim", T0.plusSeconds(1)))
                .isTrue();
        assertThat(history().failRun(held.id(), ROOT, 3, "hookrun.StepAbandoned", "held", T0.plusSeconds(1)))
                .isTrue();

        assertThat(history().findRun(unclaimed.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(history().stateExecutions(unclaimed.id())).isEmpty();
        assertThat(history().findRun(held.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(step(held.id(), 3).status()).isEqualTo(StateStatus.FAILED);
    }

    @Test
    void failRunChangesNothingOnAFinishedRunOrAFinishedStepAndReturnsFalse() {
        Run run = running(T0);
        claim(run.id(), 0, T0);
        end(run.id(), 0, StateStatus.SUCCEEDED, "{\"done\":1}", null, null, RunStatus.SUCCEEDED, T0.plusSeconds(1));
        Run before = history().findRun(run.id()).orElseThrow();
        StateExecution stepBefore = step(run.id(), 0);

        assertThat(history().failRun(run.id(), ROOT, 0, "hookrun.StepAbandoned", "late", T0.plusSeconds(5))).isFalse();

        assertThat(history().findRun(run.id())).contains(before);
        assertThat(step(run.id(), 0)).isEqualTo(stepBefore);
        assertThat(history().failRun(UUID.randomUUID(), ROOT, 0, "hookrun.StepAbandoned", "no such run", T0))
                .isFalse();
    }

    @Test
    void textWithANulCharacterIsRefusedAsPostgreSqlRefusesIt() {
        Run run = running(T0);
        claim(run.id(), 0, T0);

        assertThatThrownBy(() -> end(run.id(), 0, StateStatus.FAILED, null, "E", "bad \u0000 byte", RunStatus.FAILED,
                T0.plusSeconds(1))).hasStackTraceContaining("0x00");
        assertThat(step(run.id(), 0).status()).isEqualTo(StateStatus.RUNNING);
        assertThat(history().findRun(run.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThatThrownBy(() -> history().claimState(new StateStart(run.id(), ROOT, 1, "B", "Pass", "{}",
                "{\"v\":\"\u0000\"}"), T0, LEASE)).hasStackTraceContaining("0x00");
        assertThat(history().stateExecution(run.id(), ROOT, 1)).isEmpty();
        // JSON text escapes it: an output holding U+0000 as JSON is stored as written
        end(run.id(), 0, StateStatus.SUCCEEDED, "{\"text\":\"a\\u0000b\"}", null, null, RunStatus.SUCCEEDED,
                T0.plusSeconds(2));
        assertThat(history().findRun(run.id()).orElseThrow().output()).isEqualTo("{\"text\":\"a\\u0000b\"}");
    }

    // ---- stalled runs, for the sweeper (each test in a year of its own: the store may be shared) ----

    @Test
    void listStalledRunsFindsARunningRunWhoseLastProgressIsOlderThanTheThreshold() {
        Instant start = Instant.parse("2001-01-01T00:00:00Z");
        Run noSteps = running(start);
        Run oldSteps = running(start);
        claim(oldSteps.id(), ROOT, 0, start, LEASE);
        succeed(oldSteps.id(), ROOT, 0, "{}", "B", start.plusSeconds(1));
        claim(oldSteps.id(), ROOT, 1, start.plusSeconds(2), LEASE);
        Instant now = start.plus(Duration.ofHours(1));

        List<Run> stalled = history().listStalledRuns(now.minus(Duration.ofMinutes(30)), now, 100);

        assertThat(stalled).extracting(Run::id).contains(noSteps.id(), oldSteps.id());
    }

    @Test
    void listStalledRunsLeavesOutRecentProgressLiveLeasesAndFinishedRuns() {
        Instant start = Instant.parse("2002-01-01T00:00:00Z");
        Instant now = start.plus(Duration.ofHours(1));
        Instant threshold = now.minus(Duration.ofMinutes(30));
        Run stalled = running(start);
        Run recentStart = running(threshold.plusSeconds(1));
        Run recentStep = running(start);
        claim(recentStep.id(), ROOT, 0, threshold.plusSeconds(5), Duration.ofSeconds(1));
        Run recentFinish = running(start);
        claim(recentFinish.id(), ROOT, 0, start, LEASE);
        succeed(recentFinish.id(), ROOT, 0, "{}", "B", threshold.plusSeconds(1));
        Run liveLease = running(start);
        claim(liveLease.id(), ROOT, 0, start, Duration.ofHours(2));
        Run succeeded = withStatus(uniqueTrigger(), start, RunStatus.SUCCEEDED);
        history().createRun(succeeded);
        Run queued = queued(uniqueTrigger(), start);
        history().createRun(queued);

        List<Run> listed = history().listStalledRuns(threshold, now, 100);

        assertThat(listed).extracting(Run::id).contains(stalled.id()).doesNotContain(recentStart.id(),
                recentStep.id(), recentFinish.id(), liveLease.id(), succeeded.id(), queued.id());
    }

    @Test
    void aRunInALongWaitIsNotStalledUntilItsStepsNextNotBefore() {
        Instant start = Instant.parse("2003-01-01T00:00:00Z");
        Instant now = start.plus(Duration.ofDays(3));
        Instant threshold = now.minus(Duration.ofMinutes(30));
        Run waitingAWeek = running(start);
        claim(waitingAWeek.id(), ROOT, 0, start, LEASE);
        history().finishState(new StateFinish(waitingAWeek.id(), ROOT, 0, StateStatus.SUCCEEDED, "{}", null, null,
                null, "After", start.plus(Duration.ofDays(7)), null, null, start.plusSeconds(1)));
        Run waitOver = running(start);
        claim(waitOver.id(), ROOT, 0, start, LEASE);
        history().finishState(new StateFinish(waitOver.id(), ROOT, 0, StateStatus.SUCCEEDED, "{}", null, null, null,
                "After", start.plus(Duration.ofDays(1)), null, null, start.plusSeconds(1)));
        Run retryingLater = running(start);
        claim(retryingLater.id(), "0.4", 0, start, LEASE);
        history().finishState(new StateFinish(retryingLater.id(), "0.4", 0, StateStatus.RETRIED, "{}", null,
                "States.Timeout", "slow", "S0", threshold, "[1]", null, start.plusSeconds(1)));

        List<Run> listed = history().listStalledRuns(threshold, now, 100);

        assertThat(listed).extracting(Run::id).contains(waitOver.id())
                .doesNotContain(waitingAWeek.id(), retryingLater.id());
    }

    @Test
    void progressInABranchFrameIsProgressOfTheRun() {
        Instant start = Instant.parse("2004-01-01T00:00:00Z");
        Instant now = start.plus(Duration.ofHours(1));
        Instant threshold = now.minus(Duration.ofMinutes(30));
        Run busyBranch = running(start);
        Run quietBranch = running(start);
        Run heldBranch = running(start);
        for (Run run : List.of(busyBranch, quietBranch, heldBranch)) {
            claim(run.id(), ROOT, 0, start, LEASE);
            history().forkState(run.id(), ROOT, 0, "{}", inputs(2), 2, start);
            history().startBranches(run.id(), ROOT, 0, 0, 2, start);
        }
        claim(busyBranch.id(), "0.1", 0, start, LEASE);
        succeed(busyBranch.id(), "0.1", 0, "{}", "Next", threshold.plusSeconds(10));
        claim(quietBranch.id(), "0.1", 0, start, LEASE);
        succeed(quietBranch.id(), "0.1", 0, "{}", "Next", start.plusSeconds(10));
        claim(heldBranch.id(), "0.0/3.1", 0, start, Duration.ofHours(2));

        List<Run> listed = history().listStalledRuns(threshold, now, 100);

        assertThat(listed).extracting(Run::id).contains(quietBranch.id())
                .doesNotContain(busyBranch.id(), heldBranch.id());
    }

    @Test
    void listStalledRunsIsOldestFirstAndHonoursTheLimit() {
        Instant base = Instant.parse("1999-01-01T00:00:00Z"); // older than every other test's runs
        Run oldest = running(base);
        Run middle = running(base.plusSeconds(1));
        running(base.plusSeconds(2));
        Instant now = base.plus(Duration.ofHours(1));

        assertThat(history().listStalledRuns(now.minus(Duration.ofMinutes(30)), now, 2)).extracting(Run::id)
                .containsExactly(oldest.id(), middle.id());
        assertThat(history().listStalledRuns(base.plusMillis(500), now, 100)).extracting(Run::id)
                .containsExactly(oldest.id());
    }

    /** Runs every call on a thread of its own, released together, and returns their results in call order. */
    protected static <T> List<T> runConcurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(calls.size(), 8));
        try {
            CountDownLatch ready = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    ready.await();
                    return call.call();
                }));
            }
            ready.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.hookrun.runhistory;

import io.hookrun.database.DatabasePing;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunHistory.StateClaim;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RunHistory over real connections to a real PostgreSQL 18 (one server and one context for the class). Every
 * test works on runs of its own (fresh ids, and a trigger id of its own where it lists), so the order does not matter.
 */
class RunHistoryIT {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);

    private static TestDatabase database;
    private static ApplicationContext context;
    private static RunHistory history;
    private static DatabasePing ping;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.start();
        context = TestDatabase.context(database.jdbcUrl());
        history = context.getBean(RunHistory.class);
        ping = context.getBean(DatabasePing.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static String uniqueTrigger() {
        return "trg-" + UUID.randomUUID();
    }

    private static Run queued(String triggerId, Instant createdAt) {
        return withStatus(triggerId, createdAt, RunStatus.QUEUED);
    }

    private static Run withStatus(String triggerId, Instant createdAt, RunStatus status) {
        return new Run(UUID.randomUUID(), triggerId, "wf-1", "evt-" + UUID.randomUUID(), status,
                "{\"a\":1}", null, null, null, "{\"StartAt\":\"A\"}", createdAt,
                status == RunStatus.QUEUED ? null : createdAt, null);
    }

    /** A QUEUED run, stored. */
    private static Run created(Instant createdAt) {
        Run run = queued(uniqueTrigger(), createdAt);
        assertThat(history.createRun(run)).isTrue();
        return run;
    }

    /** A RUNNING run, stored. */
    private static Run running(Instant startedAt) {
        Run run = withStatus(uniqueTrigger(), startedAt, RunStatus.RUNNING);
        assertThat(history.createRun(run)).isTrue();
        return run;
    }

    private static StateExecution step(UUID runId, int sequence) {
        return history.stateExecution(runId, sequence).orElseThrow();
    }

    // ---- runs ----

    @Test
    void createRunReturnsTrueThenFalseForTheSameIdAndTheSecondInsertChangesNothing() {
        String trigger = uniqueTrigger();
        Run run = queued(trigger, T0);
        assertThat(history.createRun(run)).isTrue();

        Run redelivered = new Run(run.id(), trigger, "wf-2", "evt-other", RunStatus.FAILED, "{\"b\":2}", "{}",
                "E", "C", null, T0.plusSeconds(5), T0.plusSeconds(6), T0.plusSeconds(7));
        assertThat(history.createRun(redelivered)).isFalse();

        assertThat(history.findRun(run.id())).contains(run);
        assertThat(history.listRuns(trigger, null, 100)).containsExactly(run);
    }

    @Test
    void findRunOfAnUnknownIdIsEmpty() {
        assertThat(history.findRun(UUID.randomUUID())).isEmpty();
    }

    @Test
    void findRunRoundTripsEveryFieldWithInstantsAtMicrosecondPrecision() {
        Instant created = Instant.parse("2025-06-01T12:34:56.123456Z");
        Instant started = Instant.parse("2025-06-01T12:34:57.000001Z");
        Instant finished = Instant.parse("2025-06-01T12:35:01.999999Z");
        Run run = new Run(UUID.randomUUID(), "trg-round-trip", "wf-round-trip", "evt-round-trip", RunStatus.FAILED,
                "{\"specversion\":\"1.0\",\"data\":{\"ü\":\"✓\"}}", "{\"out\":[1,2,3]}", "States.Http.StatusCode.500",
                "upstream said no\nsecond line", "{\"StartAt\":\"A\",\"States\":{}}", created, started, finished);

        assertThat(history.createRun(run)).isTrue();
        Run found = history.findRun(run.id()).orElseThrow();

        assertThat(found.id()).isEqualTo(run.id());
        assertThat(found.triggerId()).isEqualTo("trg-round-trip");
        assertThat(found.workflowId()).isEqualTo("wf-round-trip");
        assertThat(found.eventId()).isEqualTo("evt-round-trip");
        assertThat(found.status()).isEqualTo(RunStatus.FAILED);
        assertThat(found.input()).isEqualTo(run.input());
        assertThat(found.output()).isEqualTo(run.output());
        assertThat(found.error()).isEqualTo(run.error());
        assertThat(found.cause()).isEqualTo(run.cause());
        assertThat(found.definition()).isEqualTo(run.definition());
        assertThat(found.createdAt().truncatedTo(ChronoUnit.MICROS)).isEqualTo(created);
        assertThat(found.startedAt().truncatedTo(ChronoUnit.MICROS)).isEqualTo(started);
        assertThat(found.finishedAt().truncatedTo(ChronoUnit.MICROS)).isEqualTo(finished);
        assertThat(found).isEqualTo(run);
    }

    @Test
    void listRunsIsNewestFirst() {
        String trigger = uniqueTrigger();
        Run oldest = queued(trigger, T0.plusSeconds(1));
        Run middle = queued(trigger, T0.plusSeconds(2));
        Run newest = queued(trigger, T0.plusSeconds(3));
        for (Run run : List.of(middle, newest, oldest)) {
            history.createRun(run);
        }

        assertThat(history.listRuns(trigger, null, 10)).extracting(Run::id)
                .containsExactly(newest.id(), middle.id(), oldest.id());
    }

    @Test
    void listRunsFiltersByTrigger() {
        String trigger = uniqueTrigger();
        String other = uniqueTrigger();
        Run mine = queued(trigger, T0.plusSeconds(1));
        Run theirs = queued(other, T0.plusSeconds(2));
        history.createRun(mine);
        history.createRun(theirs);

        assertThat(history.listRuns(trigger, null, 10)).extracting(Run::id).containsExactly(mine.id());
        assertThat(history.listRuns(other, null, 10)).extracting(Run::id).containsExactly(theirs.id());
        assertThat(history.listRuns(uniqueTrigger(), null, 10)).isEmpty();
    }

    @Test
    void listRunsFiltersByStatus() {
        String trigger = uniqueTrigger();
        Instant future = Instant.parse("2099-01-01T00:00:00Z"); // newer than every other test's runs
        Run queued = queued(trigger, future.plusSeconds(1));
        Run running = withStatus(trigger, future.plusSeconds(2), RunStatus.RUNNING);
        Run succeeded = withStatus(trigger, future.plusSeconds(3), RunStatus.SUCCEEDED);
        Run failed = withStatus(trigger, future.plusSeconds(4), RunStatus.FAILED);
        List.of(queued, running, succeeded, failed).forEach(history::createRun);

        assertThat(history.listRuns(trigger, RunStatus.QUEUED, 10)).extracting(Run::id).containsExactly(queued.id());
        assertThat(history.listRuns(trigger, RunStatus.RUNNING, 10)).extracting(Run::id).containsExactly(running.id());
        assertThat(history.listRuns(trigger, RunStatus.SUCCEEDED, 10)).extracting(Run::id).containsExactly(succeeded.id());
        assertThat(history.listRuns(trigger, RunStatus.FAILED, 10)).extracting(Run::id).containsExactly(failed.id());

        List<Run> allFailed = history.listRuns(null, RunStatus.FAILED, 100);
        assertThat(allFailed).extracting(Run::status).containsOnly(RunStatus.FAILED);
        assertThat(allFailed.getFirst().id()).isEqualTo(failed.id());
    }

    @Test
    void listRunsHonoursTheLimit() {
        String trigger = uniqueTrigger();
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Run run = queued(trigger, T0.plusSeconds(i));
            history.createRun(run);
            runs.add(run);
        }

        assertThat(history.listRuns(trigger, null, 2)).extracting(Run::id)
                .containsExactly(runs.get(4).id(), runs.get(3).id());
        assertThat(history.listRuns(trigger, null, 5)).hasSize(5);
    }

    @Test
    void listRunsClampsALimitOfZeroOrLessToOne() {
        String trigger = uniqueTrigger();
        Run older = queued(trigger, T0.plusSeconds(1));
        Run newer = queued(trigger, T0.plusSeconds(2));
        history.createRun(older);
        history.createRun(newer);

        assertThat(history.listRuns(trigger, null, 0)).extracting(Run::id).containsExactly(newer.id());
        assertThat(history.listRuns(trigger, null, -5)).extracting(Run::id).containsExactly(newer.id());
    }

    @Test
    void listRunsClampsALimitOf1000To100() {
        String trigger = uniqueTrigger();
        for (int i = 0; i < RunHistory.MAX_LIST + 5; i++) {
            history.createRun(queued(trigger, T0.plusMillis(i)));
        }

        List<Run> listed = history.listRuns(trigger, null, 1_000);

        assertThat(listed).hasSize(100);
        assertThat(listed.getFirst().createdAt()).isEqualTo(T0.plusMillis(RunHistory.MAX_LIST + 4));
        assertThat(listed.getLast().createdAt()).isEqualTo(T0.plusMillis(5));
    }

    // ---- steps ----

    @Test
    void claimStateInsertsARunningStepAndReturnsClaimed() {
        Run run = created(T0);

        StateClaim claim = history.claimState(run.id(), 0, "Fetch", "Task", "{\"in\":1}", T0, LEASE);

        assertThat(claim).isInstanceOfSatisfying(StateClaim.Claimed.class, claimed -> {
            StateExecution execution = claimed.execution();
            assertThat(execution.runId()).isEqualTo(run.id());
            assertThat(execution.sequence()).isZero();
            assertThat(execution.stateName()).isEqualTo("Fetch");
            assertThat(execution.stateType()).isEqualTo("Task");
            assertThat(execution.status()).isEqualTo(StateStatus.RUNNING);
            assertThat(execution.input()).isEqualTo("{\"in\":1}");
            assertThat(execution.startedAt()).isEqualTo(T0);
            assertThat(execution.leaseUntil()).isEqualTo(T0.plus(LEASE));
            assertThat(execution.attempts()).isEqualTo(1);
            assertThat(execution.nextEnqueued()).isFalse();
            assertThat(execution.finishedAt()).isNull();
            assertThat(execution.output()).isNull();
            assertThat(execution.nextState()).isNull();
        });
        assertThat(history.stateExecutions(run.id())).containsExactly(((StateClaim.Claimed) claim).execution());
    }

    @Test
    void aSecondClaimWhileTheLeaseIsLiveIsBusyWithLeaseUntil() {
        Run run = created(T0);
        history.claimState(run.id(), 0, "A", "Task", "{}", T0, LEASE);

        StateClaim second = history.claimState(run.id(), 0, "A", "Task", "{}", T0.plusSeconds(30), LEASE);

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
    void aClaimAfterFinishStateSucceededIsAlreadyFinishedCarryingOutputAndNextState() {
        Run run = created(T0);
        history.claimState(run.id(), 0, "Fetch", "Task", "{\"in\":1}", T0, LEASE);
        history.finishState(run.id(), 0, StateStatus.SUCCEEDED, "{\"out\":2}", null, null, "Next", null,
                T0.plusSeconds(1));

        // even after the lease would have expired: a finished step is never taken over
        StateClaim again = history.claimState(run.id(), 0, "Fetch", "Task", "{\"in\":1}",
                T0.plus(LEASE).plusSeconds(10), LEASE);

        assertThat(again).isInstanceOfSatisfying(StateClaim.AlreadyFinished.class, finished -> {
            StateExecution execution = finished.execution();
            assertThat(execution.status()).isEqualTo(StateStatus.SUCCEEDED);
            assertThat(execution.output()).isEqualTo("{\"out\":2}");
            assertThat(execution.nextState()).isEqualTo("Next");
            assertThat(execution.finishedAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(execution.leaseUntil()).isNull();
            assertThat(execution.attempts()).isEqualTo(1);
        });
    }

    @Test
    void anExpiredLeaseIsTakenOverAsClaimedWithAttempts2() {
        Run run = created(T0);
        history.claimState(run.id(), 0, "A", "Task", "{}", T0, LEASE);
        Instant later = T0.plus(LEASE).plusSeconds(1);

        StateClaim takeover = history.claimState(run.id(), 0, "A", "Task", "{}", later, LEASE);

        assertThat(takeover).isInstanceOfSatisfying(StateClaim.Claimed.class, claimed -> {
            assertThat(claimed.execution().status()).isEqualTo(StateStatus.RUNNING);
            assertThat(claimed.execution().attempts()).isEqualTo(2);
            assertThat(claimed.execution().startedAt()).isEqualTo(later);
            assertThat(claimed.execution().leaseUntil()).isEqualTo(later.plus(LEASE));
        });
        // the new lease protects the new owner
        assertThat(history.claimState(run.id(), 0, "A", "Task", "{}", later.plusSeconds(1), LEASE))
                .isInstanceOf(StateClaim.Busy.class);
    }

    @Test
    void releaseStateLetsTheNextClaimTakeOverAtOnce() {
        Run run = created(T0);
        history.claimState(run.id(), 0, "A", "Task", "{}", T0, LEASE);

        history.releaseState(run.id(), 0);

        assertThat(step(run.id(), 0).leaseUntil()).isNull();
        assertThat(history.claimState(run.id(), 0, "A", "Task", "{}", T0.plusSeconds(1), LEASE))
                .isInstanceOfSatisfying(StateClaim.Claimed.class, claimed -> {
                    assertThat(claimed.execution().attempts()).isEqualTo(2);
                    assertThat(claimed.execution().leaseUntil()).isEqualTo(T0.plusSeconds(1).plus(LEASE));
                });
    }

    @Test
    void releaseStateOfAFinishedStepChangesNothing() {
        Run run = created(T0);
        history.claimState(run.id(), 0, "A", "Task", "{}", T0, LEASE);
        history.finishState(run.id(), 0, StateStatus.SUCCEEDED, "{}", null, null, null, T0.plusSeconds(1));

        history.releaseState(run.id(), 0);

        assertThat(history.claimState(run.id(), 0, "A", "Task", "{}", T0.plusSeconds(2), LEASE))
                .isInstanceOf(StateClaim.AlreadyFinished.class);
    }

    @Test
    void finishStateWithRunStatusSucceededFinishesTheRunWithTheStateOutput() {
        Run run = running(T0);
        history.claimState(run.id(), 0, "A", "Pass", "{}", T0, LEASE);

        history.finishState(run.id(), 0, StateStatus.SUCCEEDED, "{\"r\":true}", null, null, RunStatus.SUCCEEDED,
                T0.plusSeconds(5));

        Run finished = history.findRun(run.id()).orElseThrow();
        assertThat(finished.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(finished.output()).isEqualTo("{\"r\":true}");
        assertThat(finished.error()).isNull();
        assertThat(finished.cause()).isNull();
        assertThat(finished.finishedAt()).isEqualTo(T0.plusSeconds(5));
        StateExecution state = step(run.id(), 0);
        assertThat(state.status()).isEqualTo(StateStatus.SUCCEEDED);
        assertThat(state.output()).isEqualTo("{\"r\":true}");
        assertThat(state.nextState()).isNull();
        assertThat(state.finishedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(state.leaseUntil()).isNull();
    }

    @Test
    void finishStateWithRunStatusFailedFinishesTheRunWithErrorAndCauseAndNoOutput() {
        Run run = running(T0);
        history.claimState(run.id(), 0, "A", "Task", "{}", T0, LEASE);

        history.finishState(run.id(), 0, StateStatus.FAILED, "{\"partial\":1}", "States.TaskFailed", "boom",
                RunStatus.FAILED, T0.plusSeconds(5));

        Run finished = history.findRun(run.id()).orElseThrow();
        assertThat(finished.status()).isEqualTo(RunStatus.FAILED);
        assertThat(finished.error()).isEqualTo("States.TaskFailed");
        assertThat(finished.cause()).isEqualTo("boom");
        assertThat(finished.output()).isNull();
        assertThat(finished.finishedAt()).isEqualTo(T0.plusSeconds(5));
        StateExecution state = step(run.id(), 0);
        assertThat(state.status()).isEqualTo(StateStatus.FAILED);
        assertThat(state.error()).isEqualTo("States.TaskFailed");
        assertThat(state.cause()).isEqualTo("boom");
        assertThat(state.finishedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void finishStateWithoutRunStatusFinishesTheStepAndLeavesTheRunOpen() {
        Run run = running(T0);
        history.claimState(run.id(), 0, "A", "Task", "{}", T0, LEASE);

        history.finishState(run.id(), 0, StateStatus.SUCCEEDED, "{\"x\":1}", null, null, "B", null, T0.plusSeconds(1));

        assertThat(step(run.id(), 0).status()).isEqualTo(StateStatus.SUCCEEDED);
        assertThat(step(run.id(), 0).nextState()).isEqualTo("B");
        Run open = history.findRun(run.id()).orElseThrow();
        assertThat(open.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(open.finishedAt()).isNull();
        assertThat(open.output()).isNull();
    }

    @Test
    void finishStateRollsBackTheStepWhenFinishingTheRunFailsInTheSameTransaction() throws Exception {
        Run run = running(T0);
        history.claimState(run.id(), 0, "A", "Task", "{}", T0, LEASE);
        String function = "refuse_" + run.id().toString().replace('-', '_');
        database.execute("CREATE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.id = '" + run.id() + "' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$");
        database.execute("CREATE TRIGGER " + function + " BEFORE UPDATE ON runs FOR EACH ROW EXECUTE FUNCTION "
                + function + "()");
        try {
            assertThatThrownBy(() -> history.finishState(run.id(), 0, StateStatus.SUCCEEDED, "{}", null, null,
                    RunStatus.SUCCEEDED, T0.plusSeconds(1))).hasStackTraceContaining("refused");
        } finally {
            database.execute("DROP TRIGGER " + function + " ON runs");
            database.execute("DROP FUNCTION " + function + "()");
        }

        StateExecution state = step(run.id(), 0);
        assertThat(state.status()).isEqualTo(StateStatus.RUNNING);
        assertThat(state.finishedAt()).isNull();
        assertThat(state.leaseUntil()).isEqualTo(T0.plus(LEASE));
        assertThat(history.findRun(run.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        // and the step can still be finished properly afterwards
        history.finishState(run.id(), 0, StateStatus.SUCCEEDED, "{}", null, null, RunStatus.SUCCEEDED, T0.plusSeconds(2));
        assertThat(history.findRun(run.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void finishStateOnAnAlreadyFinishedStepChangesNothingAndDoesNotTouchTheRun() {
        Run run = running(T0);
        history.claimState(run.id(), 0, "A", "Task", "{}", T0, LEASE);
        history.finishState(run.id(), 0, StateStatus.SUCCEEDED, "{\"first\":1}", null, null, "B", null,
                T0.plusSeconds(1));
        StateExecution before = step(run.id(), 0);
        Run runBefore = history.findRun(run.id()).orElseThrow();

        history.finishState(run.id(), 0, StateStatus.FAILED, null, "Late", "late copy", null, RunStatus.FAILED,
                T0.plusSeconds(9));

        assertThat(step(run.id(), 0)).isEqualTo(before);
        assertThat(before.output()).isEqualTo("{\"first\":1}");
        assertThat(before.nextState()).isEqualTo("B");
        assertThat(history.findRun(run.id())).contains(runBefore);
        assertThat(runBefore.status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void finishStateOfAStepThatWasNeverClaimedChangesNothing() {
        Run run = running(T0);

        history.finishState(run.id(), 7, StateStatus.SUCCEEDED, "{}", null, null, RunStatus.SUCCEEDED, T0);

        assertThat(history.stateExecutions(run.id())).isEmpty();
        assertThat(history.findRun(run.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void markNextEnqueuedSetsTheFlagOfThatStepOnly() {
        Run run = created(T0);
        history.claimState(run.id(), 0, "A", "Pass", "{}", T0, LEASE);
        history.claimState(run.id(), 1, "B", "Pass", "{}", T0, LEASE);
        history.finishState(run.id(), 0, StateStatus.SUCCEEDED, "{}", null, null, "B", null, T0);

        history.markNextEnqueued(run.id(), 0);

        assertThat(step(run.id(), 0).nextEnqueued()).isTrue();
        assertThat(step(run.id(), 0).status()).isEqualTo(StateStatus.SUCCEEDED);
        assertThat(step(run.id(), 1).nextEnqueued()).isFalse();
    }

    @Test
    void stateExecutionsAreOrderedBySequence() {
        Run run = created(T0);
        Run other = created(T0);
        for (int sequence : new int[] {2, 10, 0, 1}) {
            history.claimState(run.id(), sequence, "S" + sequence, "Pass", "{}", T0, LEASE);
        }
        history.claimState(other.id(), 0, "Other", "Pass", "{}", T0, LEASE);

        List<StateExecution> states = history.stateExecutions(run.id());

        assertThat(states).extracting(StateExecution::sequence).containsExactly(0, 1, 2, 10);
        assertThat(states).extracting(StateExecution::stateName).containsExactly("S0", "S1", "S2", "S10");
        assertThat(states).extracting(StateExecution::runId).containsOnly(run.id());
        assertThat(history.stateExecutions(UUID.randomUUID())).isEmpty();
    }

    // ---- failing a run that cannot go on ----

    @Test
    void failRunEndsTheRunAndItsRunningStepTogether() {
        Run run = running(T0);
        history.claimState(run.id(), 0, "A", "Task", "{}", T0, LEASE);

        boolean ended = history.failRun(run.id(), 0, "hookrun.StepAbandoned", "gave up", T0.plusSeconds(9));

        assertThat(ended).isTrue();
        Run failed = history.findRun(run.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).isEqualTo("hookrun.StepAbandoned");
        assertThat(failed.cause()).isEqualTo("gave up");
        assertThat(failed.output()).isNull();
        assertThat(failed.finishedAt()).isEqualTo(T0.plusSeconds(9));
        StateExecution state = step(run.id(), 0);
        assertThat(state.status()).isEqualTo(StateStatus.FAILED);
        assertThat(state.error()).isEqualTo("hookrun.StepAbandoned");
        assertThat(state.cause()).isEqualTo("gave up");
        assertThat(state.leaseUntil()).isNull();
        assertThat(state.finishedAt()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void failRunEndsTheRunEvenWhenTheStepWasNeverClaimedOrIsHeldByALiveLease() {
        Run unclaimed = running(T0);
        Run held = running(T0);
        history.claimState(held.id(), 3, "A", "Task", "{}", T0, Duration.ofDays(1));

        assertThat(history.failRun(unclaimed.id(), 0, "hookrun.StepAbandoned", "no claim", T0.plusSeconds(1))).isTrue();
        assertThat(history.failRun(held.id(), 3, "hookrun.StepAbandoned", "held", T0.plusSeconds(1))).isTrue();

        assertThat(history.findRun(unclaimed.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(history.stateExecutions(unclaimed.id())).isEmpty();
        assertThat(history.findRun(held.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(step(held.id(), 3).status()).isEqualTo(StateStatus.FAILED);
    }

    @Test
    void failRunChangesNothingOnAFinishedRunOrAFinishedStepAndReturnsFalse() {
        Run run = running(T0);
        history.claimState(run.id(), 0, "A", "Pass", "{}", T0, LEASE);
        history.finishState(run.id(), 0, StateStatus.SUCCEEDED, "{\"done\":1}", null, null, RunStatus.SUCCEEDED,
                T0.plusSeconds(1));
        Run before = history.findRun(run.id()).orElseThrow();
        StateExecution stepBefore = step(run.id(), 0);

        assertThat(history.failRun(run.id(), 0, "hookrun.StepAbandoned", "late", T0.plusSeconds(5))).isFalse();

        assertThat(history.findRun(run.id())).contains(before);
        assertThat(step(run.id(), 0)).isEqualTo(stepBefore);
        assertThat(history.failRun(UUID.randomUUID(), 0, "hookrun.StepAbandoned", "no such run", T0)).isFalse();
    }

    @Test
    void textWithANulCharacterIsRefusedByPostgreSql() {
        // InMemoryRunHistory refuses it too: this is the condition that twin copies.
        Run run = running(T0);
        history.claimState(run.id(), 0, "A", "Fail", "{}", T0, LEASE);

        assertThatThrownBy(() -> history.finishState(run.id(), 0, StateStatus.FAILED, null, "E", "bad \u0000 byte",
                RunStatus.FAILED, T0.plusSeconds(1))).hasStackTraceContaining("0x00");
        assertThat(step(run.id(), 0).status()).isEqualTo(StateStatus.RUNNING);
        // JSON text escapes it: an output holding U+0000 as JSON is stored as written
        history.finishState(run.id(), 0, StateStatus.SUCCEEDED, "{\"text\":\"a\\u0000b\"}", null, null,
                RunStatus.SUCCEEDED, T0.plusSeconds(2));
        assertThat(history.findRun(run.id()).orElseThrow().output()).isEqualTo("{\"text\":\"a\\u0000b\"}");
    }

    // ---- stalled runs, for the sweeper (each test in a year of its own: the database is shared) ----

    private static Run runningSince(Instant startedAt) {
        return running(startedAt);
    }

    @Test
    void listStalledRunsFindsARunningRunWhoseLastProgressIsOlderThanTheThreshold() {
        Instant start = Instant.parse("2001-01-01T00:00:00Z");
        Run noSteps = runningSince(start);
        Run oldSteps = runningSince(start);
        history.claimState(oldSteps.id(), 0, "A", "Pass", "{}", start, LEASE);
        history.finishState(oldSteps.id(), 0, StateStatus.SUCCEEDED, "{}", null, null, "B", null, start.plusSeconds(1));
        history.claimState(oldSteps.id(), 1, "B", "Task", "{}", start.plusSeconds(2), LEASE);
        Instant now = start.plus(Duration.ofHours(1));

        List<Run> stalled = history.listStalledRuns(now.minus(Duration.ofMinutes(30)), now, 100);

        assertThat(stalled).extracting(Run::id).contains(noSteps.id(), oldSteps.id());
    }

    @Test
    void listStalledRunsLeavesOutRecentProgressLiveLeasesAndFinishedRuns() {
        Instant start = Instant.parse("2002-01-01T00:00:00Z");
        Instant now = start.plus(Duration.ofHours(1));
        Instant threshold = now.minus(Duration.ofMinutes(30));
        Run recentStart = runningSince(threshold.plusSeconds(1));
        Run recentStep = runningSince(start);
        history.claimState(recentStep.id(), 0, "A", "Task", "{}", threshold.plusSeconds(5), Duration.ofSeconds(1));
        Run recentFinish = runningSince(start);
        history.claimState(recentFinish.id(), 0, "A", "Task", "{}", start, LEASE);
        history.finishState(recentFinish.id(), 0, StateStatus.SUCCEEDED, "{}", null, null, "B", null, threshold.plusSeconds(1));
        Run liveLease = runningSince(start);
        history.claimState(liveLease.id(), 0, "A", "Task", "{}", start, Duration.ofHours(2));
        Run succeeded = withStatus(uniqueTrigger(), start, RunStatus.SUCCEEDED);
        history.createRun(succeeded);
        Run queued = queued(uniqueTrigger(), start);
        history.createRun(queued);

        List<Run> stalled = history.listStalledRuns(threshold, now, 100);

        assertThat(stalled).extracting(Run::id).doesNotContain(recentStart.id(), recentStep.id(), recentFinish.id(),
                liveLease.id(), succeeded.id(), queued.id());
    }

    @Test
    void listStalledRunsIsOldestFirstAndHonoursTheLimit() {
        Instant base = Instant.parse("1999-01-01T00:00:00Z"); // older than every other test's runs
        Run oldest = runningSince(base);
        Run middle = runningSince(base.plusSeconds(1));
        runningSince(base.plusSeconds(2));
        Instant now = base.plus(Duration.ofHours(1));

        assertThat(history.listStalledRuns(now.minus(Duration.ofMinutes(30)), now, 2)).extracting(Run::id)
                .containsExactly(oldest.id(), middle.id());
        assertThat(history.listStalledRuns(base.plusMillis(500), now, 100)).extracting(Run::id)
                .containsExactly(oldest.id());
    }

    @Test
    void isReachableIsTrueOnALiveDatabase() {
        assertThat(ping.isReachable(Duration.ofSeconds(5))).isTrue();
    }
}

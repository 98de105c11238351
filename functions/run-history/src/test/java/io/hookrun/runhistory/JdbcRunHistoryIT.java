package io.hookrun.runhistory;

import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunHistoryContract;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.database.DatabasePing;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JdbcRunHistory} keeps the {@link RunHistoryContract} over real connections to a real PostgreSQL (one server
 * and one context for the class, a pool of 8 so the concurrency tests really run concurrently), plus what only the
 * database shows: precision, transactions rolled back as a whole.
 */
class JdbcRunHistoryIT extends RunHistoryContract {

    private static TestDatabase database;
    private static ApplicationContext context;
    private static RunHistory history;
    private static DatabasePing ping;

    @BeforeAll
    static void start() {
        database = TestDatabase.start();
        context = TestDatabase.context(database.jdbcUrl(), Map.of("datasources.default.maximum-pool-size", 8));
        history = context.getBean(RunHistory.class);
        ping = context.getBean(DatabasePing.class);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected RunHistory history() {
        return history;
    }

    @Test
    void theRunHistoryBeanIsTheJdbcOne() {
        assertThat(history).isInstanceOf(JdbcRunHistory.class);
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

        assertThat(found.createdAt().truncatedTo(ChronoUnit.MICROS)).isEqualTo(created);
        assertThat(found.startedAt().truncatedTo(ChronoUnit.MICROS)).isEqualTo(started);
        assertThat(found.finishedAt().truncatedTo(ChronoUnit.MICROS)).isEqualTo(finished);
        assertThat(found).isEqualTo(run);
    }

    /** ADR 0009: V5's runs.workflow_version; null for a run recorded without one (before versions existed). */
    @Test
    void theWorkflowVersionOfARunRoundTrips_andStaysThroughItsEnd_andMayBeNull() {
        Run versioned = new Run(UUID.randomUUID(), "trg-version", "wf-version", "evt-version", RunStatus.RUNNING,
                "{}", null, null, null, "{\"StartAt\":\"A\",\"States\":{}}", T0, T0, null, null, 7);
        Run unversioned = new Run(UUID.randomUUID(), "trg-version", "wf-version", "evt-old", RunStatus.RUNNING,
                "{}", null, null, null, "{}", T0, T0, null);

        history.createRun(versioned);
        history.createRun(unversioned);
        history.failRun(versioned.id(), "", 0, "States.TaskFailed", "no", T0.plusSeconds(1));

        assertThat(history.findRun(versioned.id()).orElseThrow().workflowVersion()).isEqualTo(7);
        assertThat(history.findRun(versioned.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(history.findRun(unversioned.id()).orElseThrow().workflowVersion()).isNull();
    }

    @Test
    void aWaitUntilRoundTripsAtMicrosecondPrecision() {
        Run run = running(T0);
        claim(run.id(), 0, T0);
        Instant notBefore = Instant.parse("2031-02-03T04:05:06.654321Z");

        history.finishState(new RunHistory.StateFinish(run.id(), "", 0, StateStatus.SUCCEEDED, "{}", null, null, null,
                "Next", notBefore, null, null, T0.plusSeconds(1)));

        assertThat(step(run.id(), 0).nextNotBefore()).isEqualTo(notBefore);
    }

    @Test
    void finishStateRollsBackTheStepWhenFinishingTheRunFailsInTheSameTransaction() throws Exception {
        Run run = running(T0);
        claim(run.id(), 0, T0);
        String function = "refuse_" + run.id().toString().replace('-', '_');
        database.execute("CREATE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.id = '" + run.id() + "' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$");
        database.execute("CREATE TRIGGER " + function + " BEFORE UPDATE ON runs FOR EACH ROW EXECUTE FUNCTION "
                + function + "()");
        try {
            assertThatThrownBy(() -> end(run.id(), 0, StateStatus.SUCCEEDED, "{}", null, null, RunStatus.SUCCEEDED,
                    T0.plusSeconds(1))).hasStackTraceContaining("refused");
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
        end(run.id(), 0, StateStatus.SUCCEEDED, "{}", null, null, RunStatus.SUCCEEDED, T0.plusSeconds(2));
        assertThat(history.findRun(run.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void failRunRollsBackTheStepWhenFailingTheRunFails() throws Exception {
        Run run = forked(inputs(2), 2);
        String function = "refuse_fail_" + run.id().toString().replace('-', '_');
        database.execute("CREATE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.id = '" + run.id() + "' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$");
        database.execute("CREATE TRIGGER " + function + " BEFORE UPDATE ON runs FOR EACH ROW EXECUTE FUNCTION "
                + function + "()");
        try {
            assertThatThrownBy(() -> history.failRun(run.id(), "", 0, "hookrun.StepAbandoned", "lost",
                    T0.plusSeconds(9))).hasStackTraceContaining("refused");
        } finally {
            database.execute("DROP TRIGGER " + function + " ON runs");
            database.execute("DROP FUNCTION " + function + "()");
        }

        assertThat(step(run.id(), 0).status()).isEqualTo(StateStatus.WAITING);
    }

    @Test
    void abortBranchesRollsBackTheBranchesWhenTheTallyCannotBeUpdated() throws Exception {
        Run run = forked(inputs(3), 3);
        String function = "refuse_tally_" + run.id().toString().replace('-', '_');
        database.execute("CREATE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.run_id = '" + run.id() + "' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$");
        database.execute("CREATE TRIGGER " + function + " BEFORE UPDATE ON state_executions FOR EACH ROW "
                + "EXECUTE FUNCTION " + function + "()");
        try {
            assertThatThrownBy(() -> history.abortBranches(run.id(), "", 0, T0.plusSeconds(9)))
                    .hasStackTraceContaining("refused");
            assertThatThrownBy(() -> succeedBranch(run.id(), 1, T0.plusSeconds(9)))
                    .hasStackTraceContaining("refused");
        } finally {
            database.execute("DROP TRIGGER " + function + " ON state_executions");
            database.execute("DROP FUNCTION " + function + "()");
        }

        assertThat(history.branches(run.id(), "", 0)).extracting(b -> b.status().name())
                .containsOnly("PENDING");
        assertThat(history.branchTally(run.id(), "", 0)).isEqualTo(new RunHistory.BranchTally(false, 3, 3, 0, 0));
    }

    @Test
    void isReachableIsTrueOnALiveDatabase() {
        assertThat(ping.isReachable(Duration.ofSeconds(5))).isTrue();
    }
}

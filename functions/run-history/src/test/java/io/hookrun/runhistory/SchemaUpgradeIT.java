package io.hookrun.runhistory;

import io.hookrun.core.run.Frames;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunHistory.StateClaim;
import io.hookrun.core.run.RunHistory.StateFinish;
import io.hookrun.core.run.RunHistory.StateStart;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.testsupport.emulator.LocalPostgres;
import io.micronaut.context.ApplicationContext;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database written by the first release (schema V1, steps keyed by run and sequence only) is migrated to V2 on
 * first use, and its runs and steps read and go on as root-frame steps.
 */
class SchemaUpgradeIT {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final String ROOT = Frames.ROOT;

    @Test
    void runsAndStepsWrittenUnderV1ReadAndGoOnAsRootFrameStepsAfterV2() throws Exception {
        try (TestDatabase database = TestDatabase.start()) {
            database.execute("CREATE DATABASE written_by_v1");
            String url = database.jdbcUrl("written_by_v1");
            Flyway.configure().dataSource(url, LocalPostgres.USER, LocalPostgres.PASSWORD)
                    .locations("classpath:db/migration").target("1").load().migrate();
            UUID runId = UUID.randomUUID();
            try (Connection connection = DriverManager.getConnection(url, LocalPostgres.USER, LocalPostgres.PASSWORD);
                 Statement sql = connection.createStatement()) {
                sql.execute("INSERT INTO runs (id, trigger_id, workflow_id, event_id, status, input, definition, "
                        + "created_at, started_at) VALUES ('" + runId + "', 'trg', 'wf', 'evt', 'RUNNING', '{}', "
                        + "'{}', '2025-01-01T10:00:00Z', '2025-01-01T10:00:00Z')");
                sql.execute("INSERT INTO state_executions (run_id, sequence, state_name, state_type, status, input, "
                        + "output, next_state, started_at, finished_at, attempts, next_enqueued) VALUES ('" + runId
                        + "', 0, 'A', 'Pass', 'SUCCEEDED', '{}', '{\"a\":1}', 'B', '2025-01-01T10:00:01Z', "
                        + "'2025-01-01T10:00:02Z', 1, TRUE)");
                sql.execute("INSERT INTO state_executions (run_id, sequence, state_name, state_type, status, input, "
                        + "started_at, lease_until) VALUES ('" + runId + "', 1, 'B', 'Task', 'RUNNING', '{\"a\":1}', "
                        + "'2025-01-01T10:00:03Z', '2025-01-01T10:01:03Z')");
            }

            try (ApplicationContext context = TestDatabase.context(url)) {
                RunHistory history = context.getBean(RunHistory.class);

                assertThat(history.findRun(runId)).map(Run::status).contains(RunStatus.RUNNING);
                List<StateExecution> steps = history.stateExecutions(runId);
                assertThat(steps).extracting(StateExecution::frame).containsOnly(ROOT);
                assertThat(steps).extracting(StateExecution::sequence).containsExactly(0, 1);
                StateExecution first = steps.getFirst();
                assertThat(first.output()).isEqualTo("{\"a\":1}");
                assertThat(first.nextState()).isEqualTo("B");
                assertThat(first.nextEnqueued()).isTrue();
                assertThat(first.variables()).isNull();
                assertThat(first.branches()).isNull();
                assertThat(history.claimState(new StateStart(runId, ROOT, 0, "A", "Pass", "{}", null), T0,
                        Duration.ofMinutes(1))).isInstanceOf(StateClaim.AlreadyFinished.class);

                // the step a V1 function was executing is taken over, retried and goes on with the new statuses
                Instant later = Instant.parse("2025-01-01T10:05:00Z");
                assertThat(history.claimState(new StateStart(runId, ROOT, 1, "B", "Task", "{\"a\":1}", null), later,
                        Duration.ofMinutes(1))).isInstanceOfSatisfying(StateClaim.Claimed.class,
                        claimed -> assertThat(claimed.execution().attempts()).isEqualTo(2));
                history.finishState(new StateFinish(runId, ROOT, 1, StateStatus.RETRIED, "{\"a\":1}", "{}",
                        "States.Timeout", "slow", "B", later.plusSeconds(2), "[1]", null, later.plusSeconds(1)));
                assertThat(history.stateExecution(runId, ROOT, 1)).map(StateExecution::status)
                        .contains(StateStatus.RETRIED);
                Run direct = new Run(UUID.randomUUID(), null, "wf", null, RunStatus.QUEUED, "{}", null, null, null,
                        "{}", T0, null, null);
                assertThat(history.createRun(direct)).isTrue();
                assertThat(history.findRun(direct.id())).contains(direct);
            }
        }
    }
}

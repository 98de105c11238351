package io.hookrun.runhistory;

import io.hookrun.database.DatabasePing;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The schema is migrated on first use, not at start-up: a function starts while PostgreSQL is unreachable, a call
 * fails within seconds instead of hanging, and the migration is retried once the database answers.
 */
class LazyMigrationIT {

    private static final Duration HANG_GUARD = Duration.ofSeconds(40);
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    private static Run run() {
        return new Run(UUID.randomUUID(), "trg", "wf", "evt", RunStatus.QUEUED, "{}", null, null, null, "{}", T0,
                null, null);
    }

    private static String closedPortUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    @Test
    void aContextWhoseDatabaseIsUnreachableStartsAndACallFailsWithinSecondsInsteadOfHanging() throws Exception {
        try (ApplicationContext context = assertTimeoutPreemptively(HANG_GUARD,
                () -> TestDatabase.context(closedPortUrl(TestDatabase.closedPort())))) {
            RunHistory history = context.getBean(RunHistory.class);
            SchemaMigrator migrator = context.getBean(SchemaMigrator.class);
            assertThat(migrator.isMigrated()).isFalse();

            long started = System.nanoTime();
            assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> history.findRun(UUID.randomUUID()))
                    .hasRootCauseInstanceOf(ConnectException.class));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            assertThat(migrator.isMigrated()).isFalse();

            started = System.nanoTime();
            assertTimeoutPreemptively(HANG_GUARD, () -> assertThat(context.getBean(DatabasePing.class).isReachable(Duration.ofSeconds(2))).isFalse());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void theSchemaIsMigratedOnTheFirstCallOnceTheDatabaseAnswersNotAtStartUp() throws Exception {
        int port = TestDatabase.closedPort();
        try (ApplicationContext early = TestDatabase.context(closedPortUrl(port))) {
            RunHistory earlyHistory = early.getBean(RunHistory.class);
            assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> earlyHistory.createRun(run()))
                    .isInstanceOf(RuntimeException.class));

            try (TestDatabase database = TestDatabase.start(port);
                 ApplicationContext late = TestDatabase.context(database.jdbcUrl())) {
                // a context started against a live database has not touched it yet
                RunHistory lateHistory = late.getBean(RunHistory.class);
                assertThat(late.getBean(SchemaMigrator.class).isMigrated()).isFalse();
                assertThat(database.tableExists("flyway_schema_history")).isFalse();
                assertThat(database.tableExists("runs")).isFalse();
                assertThat(late.getBean(DatabasePing.class).isReachable(Duration.ofSeconds(5))).isTrue();
                assertThat(database.tableExists("runs")).isFalse(); // a probe does not migrate either

                // the context that failed before retries the migration now. Its pool may still be backing off
                // from the refused connections (Hikari sleeps up to 5 s between attempts), so allow a few calls.
                Run run = run();
                assertTimeoutPreemptively(HANG_GUARD, () -> {
                    while (true) {
                        try {
                            assertThat(earlyHistory.createRun(run)).isTrue();
                            return;
                        } catch (RuntimeException stillBackingOff) {
                            Thread.sleep(500);
                        }
                    }
                });
                assertThat(early.getBean(SchemaMigrator.class).isMigrated()).isTrue();
                assertThat(database.tableExists("runs")).isTrue();
                assertThat(database.tableExists("state_executions")).isTrue();
                assertThat(database.tableExists("branches")).isTrue();
                assertThat(earlyHistory.findRun(run.id())).contains(run);

                // the other context migrates lazily too; Flyway finds the schema current and changes nothing
                assertThat(lateHistory.findRun(run.id())).contains(run);
                assertThat(late.getBean(SchemaMigrator.class).isMigrated()).isTrue();
            }
        }
    }
}

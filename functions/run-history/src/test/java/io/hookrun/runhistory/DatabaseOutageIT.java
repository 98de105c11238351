package io.hookrun.runhistory;

import io.hookrun.database.DatabasePing;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A frozen PostgreSQL (every process stopped, TCP connections established, nothing answers) makes calls fail
 * within seconds instead of hanging until the function times out, and calls succeed again once it thaws.
 */
class DatabaseOutageIT {

    private static final Duration HANG_GUARD = Duration.ofSeconds(40);
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

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

    private static Run run() {
        return new Run(UUID.randomUUID(), "trg", "wf", "evt", RunStatus.QUEUED, "{}", null, null, null, "{}", T0,
                null, null);
    }

    @Test
    void aFrozenDatabaseMakesFindRunFailWithinSecondsAndCallsSucceedAgainAfterThaw() throws Exception {
        Run run = run();
        assertThat(history.createRun(run)).isTrue();
        assertThat(history.findRun(run.id())).contains(run); // a pooled connection to the backend is open

        try {
            database.freeze(); // inside the try: a partly done freeze is thawed too
            long started = System.nanoTime();
            assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> history.findRun(run.id()))
                    .isInstanceOf(RuntimeException.class));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));

            started = System.nanoTime();
            assertTimeoutPreemptively(HANG_GUARD, () -> assertThat(ping.isReachable(Duration.ofSeconds(2))).isFalse());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        } finally {
            database.thaw();
        }

        assertTimeoutPreemptively(HANG_GUARD, () -> assertThat(history.findRun(run.id())).contains(run));
        Run after = run();
        assertThat(history.createRun(after)).isTrue();
        assertThat(history.findRun(after.id())).contains(after);
        assertThat(ping.isReachable(Duration.ofSeconds(5))).isTrue();
    }
}

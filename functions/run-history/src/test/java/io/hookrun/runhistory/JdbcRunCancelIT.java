package io.hookrun.runhistory;

import io.hookrun.core.run.RunCancelRedriveContract;
import io.hookrun.core.run.RunHistory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** {@link JdbcRunHistory} cancels, re-opens and replays as the {@link RunCancelRedriveContract} says, on PostgreSQL. */
class JdbcRunCancelIT extends RunCancelRedriveContract {

    private static TestDatabase database;
    private static ApplicationContext context;
    private static RunHistory history;

    @BeforeAll
    static void start() {
        database = TestDatabase.start();
        context = TestDatabase.context(database.jdbcUrl(), Map.of());
        history = context.getBean(RunHistory.class);
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
}

package io.hookrun.runhistory;

import io.hookrun.core.run.CallbackHistoryContract;
import io.hookrun.core.run.RunHistory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/**
 * {@link JdbcRunHistory} keeps the {@link CallbackHistoryContract} on a real PostgreSQL with a pool of 8, so the
 * concurrent answers really race on the row (exactly one RECORDED).
 */
class JdbcCallbackHistoryIT extends CallbackHistoryContract {

    private static TestDatabase database;
    private static ApplicationContext context;
    private static RunHistory history;

    @BeforeAll
    static void start() {
        database = TestDatabase.start();
        context = TestDatabase.context(database.jdbcUrl(), Map.of("datasources.default.maximum-pool-size", 8));
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

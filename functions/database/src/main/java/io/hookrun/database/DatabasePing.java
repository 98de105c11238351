package io.hookrun.database;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whether the database answers a real round trip through the pool. For readiness probes: it never migrates (a
 * probe must answer within its timeout, and reachability does not depend on the schema) and never throws.
 */
@Singleton
public class DatabasePing {

    private final DataSource dataSource;

    /**
     * @param resolver unwraps the data source Micronaut Data wraps for transactions, whose connections are only
     *                 available inside one; the ping needs a plain pooled connection
     */
    public DatabasePing(DataSource dataSource, @Nullable DataSourceResolver resolver) {
        this.dataSource = resolver == null ? dataSource : resolver.resolve(dataSource);
    }

    /**
     * Whether {@code SELECT 1} answers within {@code timeout}. The query runs on a virtual thread so a frozen
     * database cannot hold the caller past the timeout (the thread itself ends at the driver's socket timeout).
     */
    public boolean isReachable(Duration timeout) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("database-ping").start(() -> answer.complete(ping(timeout)));
        try {
            return answer.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean ping(Duration timeout) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            try (ResultSet result = statement.executeQuery("SELECT 1")) {
                return result.next() && result.getInt(1) == 1;
            }
        } catch (Exception e) {
            return false;
        }
    }
}

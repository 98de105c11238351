package io.hookrun.database;

import com.zaxxer.hikari.HikariDataSource;
import io.hookrun.database.credentials.RotatingCredentialsDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanRegistration;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drops the pooled database connections around a SnapStart snapshot (issue 10). A connection in the snapshot is a
 * TCP socket every environment resumed from it would share, whose server side has long timed out or been given to
 * nobody: the first query on it would fail or, worse, interleave with another environment's. So the function's
 * priming hook calls {@link #beforeSnapshot()} last before the snapshot and {@link #evictConnections()} first after a
 * restore; Hikari then opens
 * fresh connections on demand (the pool keeps none idle: {@code minimum-idle 0}, {@link LambdaDataSourceDefaults}).
 *
 * <p>Soft eviction (HikariCP's {@code softEvictConnections}): idle connections are closed now, a connection in use
 * is closed when it is returned instead of going back to the pool. Only pools already built are touched: a function
 * whose snapshot never needed the database builds no pool here either.
 *
 * <p>A separate class from the credentials code of this module on purpose: it knows pools, not passwords.
 */
@Singleton
public class PooledConnectionsRestore {

    private final BeanContext beans;

    public PooledConnectionsRestore(BeanContext beans) {
        this.beans = beans;
    }

    /**
     * Evicts every connection of every Hikari pool built so far.
     *
     * @return the pools touched
     */
    public int evictConnections() {
        int pools = 0;
        for (HikariDataSource hikari : hikariDataSources()) {
            HikariPoolMXBean pool = hikari.getHikariPoolMXBean(); // null until the pool has started
            if (pool != null) {
                pool.softEvictConnections();
                pools++;
            }
        }
        return pools;
    }

    /**
     * The last thing before a snapshot: {@link #evictConnections()}, and the database credentials the pool's
     * connections were opened with are dropped, so that neither a socket nor a password is in the snapshot; the next
     * connection reads them anew (ADR 0008: credentials are read at the first connection, not at init).
     *
     * <p>The credentials live in the pool's own DataSource when it authenticates with a secret or an IAM token
     * ({@link RotatingCredentialsDataSource#forgetCredentials}); a pool opened with a plain URL and password has no
     * such DataSource, and nothing to forget.
     *
     * @return the pools touched
     */
    public int beforeSnapshot() {
        int pools = evictConnections();
        for (HikariDataSource hikari : hikariDataSources()) {
            if (hikari.getDataSource() instanceof RotatingCredentialsDataSource rotating) {
                rotating.forgetCredentials();
            }
        }
        return pools;
    }

    private List<HikariDataSource> hikariDataSources() {
        List<HikariDataSource> found = new ArrayList<>();
        for (BeanRegistration<DataSource> registration : beans.getActiveBeanRegistrations(DataSource.class)) {
            hikari(registration.getBean()).ifPresent(found::add);
        }
        return found;
    }

    private static Optional<HikariDataSource> hikari(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari) {
            return Optional.of(hikari);
        }
        try {
            return dataSource.isWrapperFor(HikariDataSource.class)
                    ? Optional.of(dataSource.unwrap(HikariDataSource.class)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }
}

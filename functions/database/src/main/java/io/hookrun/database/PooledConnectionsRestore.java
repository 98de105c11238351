package io.hookrun.database;

import com.zaxxer.hikari.HikariDataSource;
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
 * priming hook calls {@link #evictConnections()} last before the snapshot and first after a restore; Hikari then opens
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
        for (HikariPoolMXBean pool : builtPools()) {
            pool.softEvictConnections();
            pools++;
        }
        return pools;
    }

    /** The pools of the data sources created so far that have started (a pool starts on its first connection). */
    List<HikariPoolMXBean> builtPools() {
        List<HikariPoolMXBean> pools = new ArrayList<>();
        for (BeanRegistration<DataSource> registration : beans.getActiveBeanRegistrations(DataSource.class)) {
            hikari(registration.getBean()).map(HikariDataSource::getHikariPoolMXBean).ifPresent(pools::add);
        }
        return pools;
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

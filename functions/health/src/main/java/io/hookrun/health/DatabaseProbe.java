package io.hookrun.health;

import io.hookrun.database.DatabasePing;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

import java.time.Duration;

/** PostgreSQL answers {@code SELECT 1} through the pool. It never migrates: reachability does not need the schema. */
@Singleton
@Order(4)
public class DatabaseProbe implements ReadinessProbe {

    private final DatabasePing database;

    public DatabaseProbe(DatabasePing database) {
        this.database = database;
    }

    @Override
    public String component() {
        return "database";
    }

    @Override
    public ComponentHealth check(Duration timeout) {
        return database.isReachable(timeout) ? ComponentHealth.up() : ComponentHealth.down("database did not answer SELECT 1");
    }
}

package io.hookrun.health;

import io.hookrun.database.DatabasePing;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/** PostgreSQL answers {@code SELECT 1} through the pool. It never migrates: reachability does not need the schema. */
@Singleton
@Order(3)
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
    public Optional<String> check(Duration timeout) {
        return database.isReachable(timeout) ? Optional.empty() : Optional.of("database did not answer SELECT 1");
    }
}

package io.hookrun.run;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/**
 * Applies the Flyway migrations in {@code db/migration} once per JVM, on first use rather than at start-up:
 * a function must start (and the webhook path keep working) while PostgreSQL is unreachable, and Lambda
 * SnapStart must not snapshot an open connection. A failed attempt is retried on the next call; concurrent
 * functions are serialised by Flyway's own lock.
 */
@Singleton
public class SchemaMigrator {

    private final DataSource dataSource;
    private volatile boolean migrated;

    public SchemaMigrator(DataSource dataSource) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    public void ensureMigrated() {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (!migrated) {
                Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
                migrated = true;
            }
        }
    }
}

package io.hookrun.runhistory;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/**
 * Applies the Flyway migrations in {@code db/migration} once per JVM, on first use rather than at start-up:
 * a function must start (and the webhook path keep working) while PostgreSQL is unreachable, and Lambda
 * SnapStart must not snapshot an open connection. Success is remembered; a failed attempt throws and is
 * retried on the next call. Concurrent functions are serialised by Flyway's own lock, threads of one JVM by
 * this object's monitor. Flyway is called directly (no micronaut-flyway), because that one migrates at start-up.
 */
@Singleton
public class SchemaMigrator {

    private final DataSource dataSource;
    private volatile boolean migrated;

    public SchemaMigrator(DataSource dataSource) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /** Migrates the schema unless this JVM already did; cheap (one volatile read) after the first success. */
    public void ensureMigrated() {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (!migrated) {
                Flyway.configure()
                        .dataSource(dataSource)
                        .locations("classpath:db/migration")
                        .connectRetries(0)
                        .load()
                        .migrate();
                migrated = true;
            }
        }
    }

    /** Whether this JVM has migrated the schema. */
    public boolean isMigrated() {
        return migrated;
    }
}

package io.hookrun.database;

import com.zaxxer.hikari.HikariConfig;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.util.Properties;

/**
 * Lambda-sized settings for every Hikari datasource, applied to its {@link DatasourceConfiguration} after
 * binding and before the pool is built. They live in code in this module, not in an {@code application.yml}
 * (Micronaut reads only one per class path, and the functions own theirs), so every function that depends on
 * run-history gets them without copying, and a function that configures no datasource gets no pool at all.
 *
 * <p>Why these values:
 * <ul>
 *   <li>{@code maximum-pool-size 2}, {@code minimum-idle 0}: one Lambda instance serves one request at a time.</li>
 *   <li>{@code initialization-fail-timeout -1}: the pool is built without touching the database, so a function
 *       starts while PostgreSQL is down and recovers when it returns.</li>
 *   <li>{@code connection-timeout 3 s}, {@code validation-timeout 2 s}, driver {@code connectTimeout 3 s},
 *       {@code loginTimeout 5 s}: an unreachable database fails a call in seconds.</li>
 *   <li>driver {@code socketTimeout 10 s}: a frozen database (process stopped, packets unanswered) fails a call
 *       in seconds instead of hanging until the function times out.</li>
 *   <li>driver {@code options=-c statement_timeout=5000}: the server itself cancels a statement stuck on a lock
 *       or a slow plan before the socket timeout cuts the connection.</li>
 * </ul>
 * Each value applies only where the configuration still holds Hikari's own default, so an explicit
 * {@code datasources.default.*} property (e.g. {@code maximum-pool-size: 5},
 * {@code data-source-properties.socketTimeout: 30}) wins. The driver defaults to {@code org.postgresql.Driver}.
 */
@Singleton
public class LambdaDataSourceDefaults implements BeanCreatedEventListener<DatasourceConfiguration> {

    static final int MAXIMUM_POOL_SIZE = 2;
    static final long CONNECTION_TIMEOUT_MILLIS = 3_000;
    static final long VALIDATION_TIMEOUT_MILLIS = 2_000;
    static final String SOCKET_TIMEOUT_SECONDS = "10";
    static final String STATEMENT_TIMEOUT_MILLIS = "5000";

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        if (config.getConfiguredDriverClassName() == null) {
            config.setDriverClassName("org.postgresql.Driver");
        }
        apply(config);
        return config;
    }

    static void apply(HikariConfig config) {
        HikariConfig hikari = new HikariConfig();
        if (config.getMaximumPoolSize() == hikari.getMaximumPoolSize()) {
            config.setMaximumPoolSize(MAXIMUM_POOL_SIZE);
        }
        if (config.getMinimumIdle() == hikari.getMinimumIdle()) {
            config.setMinimumIdle(0);
        }
        if (config.getConnectionTimeout() == hikari.getConnectionTimeout()) {
            config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        }
        if (config.getValidationTimeout() == hikari.getValidationTimeout()) {
            config.setValidationTimeout(VALIDATION_TIMEOUT_MILLIS);
        }
        if (config.getInitializationFailTimeout() == hikari.getInitializationFailTimeout()) {
            config.setInitializationFailTimeout(-1);
        }
        Properties driver = config.getDataSourceProperties();
        driver.putIfAbsent("connectTimeout", "3");
        driver.putIfAbsent("loginTimeout", "5");
        driver.putIfAbsent("socketTimeout", SOCKET_TIMEOUT_SECONDS);
        driver.putIfAbsent("tcpKeepAlive", "true");
        driver.putIfAbsent("options", "-c statement_timeout=" + STATEMENT_TIMEOUT_MILLIS);
    }
}

package io.hookrun.run;

import com.zaxxer.hikari.HikariConfig;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.util.Properties;

/**
 * Lambda-sized pool settings for the run-history database, applied before the pool is built. They live in
 * code rather than in application.yml so that a function without a database configured gets no pool at all.
 * The pool must start while PostgreSQL is down (functions start and recover when it returns), and a frozen or
 * unreachable database must make calls fail within seconds instead of hanging until the function times out.
 */
@Singleton
public class LambdaDataSourceDefaults implements BeanCreatedEventListener<DatasourceConfiguration> {

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
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(-1);
        Properties driver = config.getDataSourceProperties();
        driver.putIfAbsent("connectTimeout", "3");
        driver.putIfAbsent("loginTimeout", "5");
        driver.putIfAbsent("socketTimeout", "10");
        driver.putIfAbsent("tcpKeepAlive", "true");
    }
}

package io.hookrun.database;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool a function gets from url, credentials and dialect alone; explicit properties still win. */
class LambdaDataSourceDefaultsTest {

    static HikariDataSource pool(ApplicationContext context) throws SQLException {
        return context.getBean(DataSource.class).unwrap(HikariDataSource.class);
    }

    /** A context configured the way a function configures its datasource: url and credentials only. */
    static ApplicationContext context(String jdbcUrl, Map<String, Object> extra) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "datasources.default.url", jdbcUrl,
                "datasources.default.username", "postgres",
                "datasources.default.password", "postgres"));
        properties.putAll(extra);
        return ApplicationContext.builder().deduceEnvironment(false).properties(properties).start();
    }

    /** A URL whose port nothing listens on: building the pool must not need the database. */
    private static String unreachableUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/x";
        }
    }

    @Test
    void aFunctionGetsLambdaSizedDefaults() throws Exception {
        try (ApplicationContext context = context(unreachableUrl(), Map.of())) {
            HikariDataSource pool = pool(context);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(2);
            assertThat(pool.getMinimumIdle()).isZero();
            assertThat(pool.getConnectionTimeout()).isEqualTo(3_000);
            assertThat(pool.getValidationTimeout()).isEqualTo(2_000);
            assertThat(pool.getInitializationFailTimeout()).isEqualTo(-1);
            assertThat(pool.getDriverClassName()).isEqualTo("org.postgresql.Driver");
            assertThat(pool.getDataSourceProperties())
                    .containsEntry("socketTimeout", "10")
                    .containsEntry("connectTimeout", "3")
                    .containsEntry("options", "-c statement_timeout=5000");
        }
    }

    @Test
    void explicitPropertiesWin() throws Exception {
        Map<String, Object> explicit = Map.of(
                "datasources.default.maximum-pool-size", 5,
                "datasources.default.connection-timeout", 7_000,
                "datasources.default.data-source-properties.socketTimeout", "30");
        try (ApplicationContext context = context(unreachableUrl(), explicit)) {
            HikariDataSource pool = pool(context);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(5);
            assertThat(pool.getConnectionTimeout()).isEqualTo(7_000);
            assertThat(pool.getDataSourceProperties()).containsEntry("socketTimeout", "30");
        }
    }
}

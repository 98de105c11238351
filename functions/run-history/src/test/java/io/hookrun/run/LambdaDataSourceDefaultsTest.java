package io.hookrun.run;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool a function gets from url, credentials and dialect alone; explicit properties still win. */
class LambdaDataSourceDefaultsTest {

    private static HikariDataSource pool(ApplicationContext context) {
        return (HikariDataSource) DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
    }

    @Test
    void aFunctionGetsLambdaSizedDefaults() throws Exception {
        try (ApplicationContext context = TestDatabase.context("jdbc:postgresql://127.0.0.1:" + TestDatabase.closedPort() + "/x")) {
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
        try (ApplicationContext context = TestDatabase.context(
                "jdbc:postgresql://127.0.0.1:" + TestDatabase.closedPort() + "/x", explicit)) {
            HikariDataSource pool = pool(context);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(5);
            assertThat(pool.getConnectionTimeout()).isEqualTo(7_000);
            assertThat(pool.getDataSourceProperties()).containsEntry("socketTimeout", "30");
        }
    }

    @Test
    void theServerSeesTheStatementTimeout() throws Exception {
        try (TestDatabase database = TestDatabase.start();
             ApplicationContext context = TestDatabase.context(database.jdbcUrl());
             Connection connection = pool(context).getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW statement_timeout")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("5s");
        }
    }
}

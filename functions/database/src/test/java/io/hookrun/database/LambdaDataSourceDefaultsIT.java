package io.hookrun.database;

import io.hookrun.testsupport.emulator.LocalPostgres;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Lambda-sized pool against a real PostgreSQL: what the server itself sees. */
class LambdaDataSourceDefaultsIT {

    @Test
    void theServerSeesTheStatementTimeout() throws Exception {
        try (LocalPostgres database = LocalPostgres.start();
             ApplicationContext context = LambdaDataSourceDefaultsTest.context(database.jdbcUrl(), Map.of());
             Connection connection = LambdaDataSourceDefaultsTest.pool(context).getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW statement_timeout")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("5s");
        }
    }

    @Test
    void thePingAnswersOnALiveDatabase() throws Exception {
        try (LocalPostgres database = LocalPostgres.start();
             ApplicationContext context = LambdaDataSourceDefaultsTest.context(database.jdbcUrl(), Map.of())) {
            assertThat(context.getBean(DatabasePing.class).isReachable(java.time.Duration.ofSeconds(5))).isTrue();
        }
    }
}

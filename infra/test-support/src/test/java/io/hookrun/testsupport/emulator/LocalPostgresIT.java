package io.hookrun.testsupport.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real PostgreSQL process: freezing it makes queries hang until they time out, thawing it makes them work again. */
class LocalPostgresIT {

    private static LocalPostgres postgres;

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.start();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    private static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", postgres.username());
        properties.setProperty("password", postgres.password());
        properties.setProperty("socketTimeout", "2"); // seconds: how the functions' pool notices a hung database
        properties.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(postgres.jdbcUrl(), properties);
    }

    private static int selectOne(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void exposesAJdbcUrlCredentialsAndTheLivePostmasterPid() throws Exception {
        try (Connection connection = connect()) {
            assertThat(selectOne(connection)).isEqualTo(1);
        }
        assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://localhost:" + postgres.port() + "/");
        assertThat(ProcessHandle.of(postgres.pid())).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    }

    @Test
    void freeze_makesAQueryOnAnOpenConnectionTimeOut_andThawRestoresService() throws Exception {
        Connection open = connect();
        assertThat(selectOne(open)).isEqualTo(1);

        postgres.freeze();
        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> selectOne(open)).isInstanceOf(SQLException.class);
            assertThat((System.nanoTime() - started) / 1_000_000).as("it hung until the socket timeout").isGreaterThanOrEqualTo(1_500);
            assertThatThrownBy(LocalPostgresIT::connect).as("new connections hang too").isInstanceOf(SQLException.class);
        } finally {
            postgres.thaw();
            open.close();
        }

        try (Connection connection = connect()) {
            assertThat(selectOne(connection)).isEqualTo(1);
        }
    }
}

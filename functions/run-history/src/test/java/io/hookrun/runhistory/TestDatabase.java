package io.hookrun.runhistory;

import io.hookrun.testsupport.emulator.LocalPostgres;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** The shared {@link LocalPostgres}, plus the SQL and application contexts these tests need around it. */
final class TestDatabase implements AutoCloseable {

    private final LocalPostgres postgres;

    private TestDatabase(LocalPostgres postgres) {
        this.postgres = postgres;
    }

    static TestDatabase start() {
        return start(0);
    }

    /** Starts on {@code port}, or on a free port when 0. */
    static TestDatabase start(int port) {
        return new TestDatabase(LocalPostgres.start(port));
    }

    String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    /** The JDBC URL of another database of the same server (create it first with {@link #execute}). */
    String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://localhost:" + postgres.port() + "/" + databaseName + "?user=" + LocalPostgres.USER;
    }

    /** Runs SQL on a connection of its own, outside any application context. */
    void execute(String sql) throws SQLException {
        try (Connection connection = postgres.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Whether {@code public.<table>} exists, asked on a connection of its own. */
    boolean tableExists(String table) throws SQLException {
        try (Connection connection = postgres.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /** SIGSTOP to the server and its backends: see {@link LocalPostgres#freeze()}. */
    void freeze() {
        postgres.freeze();
    }

    void thaw() {
        postgres.thaw();
    }

    @Override
    public void close() {
        postgres.close();
    }

    static ApplicationContext context(String jdbcUrl) {
        return context(jdbcUrl, Map.of());
    }

    /** A context configured the way a function configures its datasource: url and credentials only. */
    static ApplicationContext context(String jdbcUrl, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "datasources.default.url", jdbcUrl,
                "datasources.default.username", LocalPostgres.USER,
                "datasources.default.password", LocalPostgres.PASSWORD));
        properties.putAll(extra);
        return ApplicationContext.builder().deduceEnvironment(false).properties(properties).start();
    }

    /** A port nothing listens on (it was free a moment ago). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

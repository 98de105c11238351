package io.hookrun.run;

import io.micronaut.context.ApplicationContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real PostgreSQL for tests (zonky embedded binaries) with its data directory known, so it can be frozen. */
final class TestDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private TestDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    static TestDatabase start() throws IOException {
        return start(0);
    }

    /** Starts on {@code port}, or on a free port when 0. */
    static TestDatabase start(int port) throws IOException {
        Path dataDirectory = Files.createTempDirectory("run-history-pg");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true);
        if (port != 0) {
            builder.setPort(port);
        }
        return new TestDatabase(builder.start(), dataDirectory);
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** Runs SQL on a connection of its own, outside any application context. */
    void execute(String sql) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Whether {@code public.<table>} exists, asked on a connection of its own. */
    boolean tableExists(String table) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /**
     * Freezes the server like a paused VM: SIGSTOP to the postmaster (pid from the first line of
     * {@code postmaster.pid}), then to its backends, which are separate processes that would otherwise keep
     * answering on connections already open. TCP connections stay established; nothing answers.
     */
    void freeze() throws Exception {
        long postmaster = postmasterPid();
        signal("-STOP", List.of(postmaster));
        signal("-STOP", children(postmaster));
    }

    /** SIGCONT to the postmaster and its backends. */
    void thaw() throws Exception {
        long postmaster = postmasterPid();
        signal("-CONT", children(postmaster));
        signal("-CONT", List.of(postmaster));
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
    }

    private static List<Long> children(long pid) {
        return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::children).map(ProcessHandle::pid).toList();
    }

    private static void signal(String signal, List<Long> pids) throws Exception {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        Process kill = new ProcessBuilder(command).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    static ApplicationContext context(String jdbcUrl) {
        return context(jdbcUrl, Map.of());
    }

    /** A context configured the way a function configures its datasource: url and credentials only. */
    static ApplicationContext context(String jdbcUrl, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "datasources.default.url", jdbcUrl,
                "datasources.default.username", "postgres",
                "datasources.default.password", "postgres"));
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

package io.hookrun.testsupport.emulator;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL server process (embedded binaries, no installation). {@link #freeze()} stops the server
 * with SIGSTOP, the way a hung database looks from the outside; {@link #thaw()} resumes it. Each open
 * connection is served by a child process of the postmaster, so both the postmaster and its children are
 * signalled: stopping the postmaster alone would leave pooled connections answering.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private LocalPostgres(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Starts on a free port. */
    public static LocalPostgres start() {
        return start(0);
    }

    /** Starts on {@code port}, or on a free one when it is 0. */
    public static LocalPostgres start(int port) {
        try {
            Path dataDirectory = Files.createTempDirectory("hookrun-postgres-");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(30))
                    .setDataDirectory(dataDirectory).setCleanDataDirectory(true);
            if (port != 0) {
                builder.setPort(port);
            }
            return new LocalPostgres(builder.start(), dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /** Connections of their own to database {@code postgres}, outside any application context. */
    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** The JDBC URL of database {@code postgres}, for {@code datasources.default.url}. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, "postgres");
    }

    public String username() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return postgres.getPort();
    }

    /** The postmaster's pid, from its {@code postmaster.pid} file (the process zonky started is pg_ctl). */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL is not running", e);
        }
    }

    /** SIGSTOP to the postmaster and its backends: connections stay open but nothing answers, like a hung host. */
    public void freeze() {
        signal("STOP");
    }

    /** SIGCONT: the server answers again, and queries that were waiting complete. */
    public void thaw() {
        signal("CONT");
    }

    /** The command that freezes this server by hand (the {@code hookrun local} banner prints it). */
    public String freezeCommand() {
        return "kill -STOP " + pid() + " $(pgrep -P " + pid() + ")";
    }

    /** The command that thaws it again. */
    public String thawCommand() {
        return "kill -CONT " + pid() + " $(pgrep -P " + pid() + ")";
    }

    private void signal(String signal) {
        long postmaster = pid();
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(postmaster)));
        ProcessHandle.of(postmaster).ifPresent(p -> p.children().forEach(c -> command.add(Long.toString(c.pid()))));
        try {
            Process kill = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            thaw(); // a stopped postmaster would never shut down
        } catch (RuntimeException ignored) {
            // already gone
        }
        try {
            postgres.close();
        } catch (IOException e) {
            // stopping anyway
        }
    }
}

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
 *
 * <p>{@link #start()} runs in a temporary data directory deleted at {@link #close()}; {@link #inDirectory(Path)} keeps
 * its data directory, so a later start on it finds every database, table and row (initdb runs only when the directory
 * holds no cluster yet). Either way the port is a free one chosen at each start: read {@link #jdbcUrl()}.
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
            return start(port, Files.createTempDirectory("hookrun-postgres-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /**
     * Starts on a free port with {@code dataDirectory} as its data directory, kept when it stops: created and
     * initialised (initdb) when it holds no cluster, reused as it is when it does. A postmaster still running on it,
     * left by a process that was killed (a JVM killed with SIGKILL cannot stop the PostgreSQL it started), is stopped
     * first; the caller must make sure no live stack owns the directory (hookrun's {@code .hookrun/local.lock}).
     */
    public static LocalPostgres inDirectory(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            stopOrphanedPostmaster(dataDirectory);
            return start(0, dataDirectory, false);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDirectory, e);
        }
    }

    /**
     * zonky's builder re-uses a data directory that holds {@code postgresql.conf} when it is not to be cleaned, and
     * runs initdb otherwise ({@code EmbeddedPostgres}'s constructor, 2.2.2).
     */
    private static LocalPostgres start(int port, Path dataDirectory, boolean temporary) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(30))
                .setDataDirectory(dataDirectory).setCleanDataDirectory(temporary);
        if (port != 0) {
            builder.setPort(port);
        }
        return new LocalPostgres(builder.start(), dataDirectory);
    }

    /**
     * Stops the postmaster named by {@code postmaster.pid} in {@code dataDirectory} if it still runs: SIGTERM, which
     * PostgreSQL takes as a "smart" shutdown (its clients died with the JVM that held them), then waits for it to go.
     * A {@code postmaster.pid} whose process is gone is left for PostgreSQL, which detects and replaces a stale one.
     * Public so that a caller about to delete the directory stops such a postmaster first (it would otherwise run on,
     * on deleted files).
     */
    public static void stopOrphanedPostmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        } catch (RuntimeException e) {
            return; // half-written: PostgreSQL rejects or replaces it itself
        }
        ProcessHandle postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false)).orElse(null);
        if (postmaster == null) {
            return;
        }
        System.err.println("hookrun: stopping PostgreSQL (pid " + pid + ") left running on " + dataDirectory
                + " by a stack that was killed");
        postmaster.destroy();
        try {
            postmaster.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL " + pid, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("PostgreSQL " + pid + " on " + dataDirectory + " did not stop within 60 s", e);
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

    /**
     * Stops the server ({@code pg_ctl stop -m fast}: open transactions roll back, committed ones are on disk); a
     * temporary data directory is deleted, one given to {@link #inDirectory(Path)} kept.
     */
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

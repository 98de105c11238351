package io.hookrun.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Run history in PostgreSQL: what the step function records and the admin API reads. Writes are single
 * conditional SQL statements, so redelivered or concurrent messages cannot create a second run or execute a
 * step twice. Callers pass {@code now}; nothing here reads a clock. Every call except {@link #isReachable}
 * first makes sure the schema is migrated ({@link SchemaMigrator}), so a function starts with the database down.
 */
@Singleton
public class RunHistory {

    /** How a step claim turned out. */
    public sealed interface StateClaim {
        /** This attempt owns the step: execute it. */
        record Claimed(StateExecution execution) implements StateClaim { }
        /** The step finished before: do not execute it again. */
        record AlreadyFinished(StateExecution execution) implements StateClaim { }
        /** Another attempt is executing it right now, until {@code leaseUntil}. */
        record Busy(StateExecution execution, Instant leaseUntil) implements StateClaim { }
    }

    static final int MAX_LIST = 100;

    private final RunRepository runs;
    private final StateExecutionRepository states;
    private final SchemaMigrator migrator;
    private final TransactionOperations<Connection> transactions;
    private final DataSource dataSource;

    public RunHistory(RunRepository runs, StateExecutionRepository states, SchemaMigrator migrator,
                      TransactionOperations<Connection> transactions, DataSource dataSource) {
        this.runs = runs;
        this.states = states;
        this.migrator = migrator;
        this.transactions = transactions;
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /** Inserts the run unless it exists (ON CONFLICT DO NOTHING); true when this call created it. */
    public boolean createRun(Run run) {
        migrator.ensureMigrated();
        return runs.insertIfAbsent(run.id(), run.triggerId(), run.workflowId(), run.eventId(), run.status().name(),
                run.input(), run.output(), run.error(), run.cause(), run.definition(), run.createdAt(),
                run.startedAt(), run.finishedAt()) == 1;
    }

    public Optional<Run> findRun(UUID id) {
        migrator.ensureMigrated();
        return runs.findById(id);
    }

    /** Newest first; null filters match everything; the limit is clamped to 1..100. */
    public List<Run> listRuns(@Nullable String triggerId, @Nullable RunStatus status, int limit) {
        migrator.ensureMigrated();
        return runs.listNewestFirst(triggerId, status == null ? null : status.name(), Math.clamp(limit, 1, MAX_LIST));
    }

    /** The run's state executions, ordered by sequence. */
    public List<StateExecution> stateExecutions(UUID runId) {
        migrator.ensureMigrated();
        return states.findByRunIdOrderBySequence(runId);
    }

    public Optional<StateExecution> stateExecution(UUID runId, int sequence) {
        migrator.ensureMigrated();
        return states.findByRunIdAndSequence(runId, sequence);
    }

    /**
     * Claims step {@code (runId, sequence)} for this attempt: inserts it RUNNING with {@code lease_until = now + lease},
     * or takes over a RUNNING step whose lease expired (its attempt died), counting one more attempt.
     */
    public StateClaim claimState(UUID runId, int sequence, String stateName, String stateType, @Nullable String input,
                                 Instant now, Duration lease) {
        migrator.ensureMigrated();
        int claimed = states.claim(runId, sequence, stateName, stateType, input, now, now.plus(lease));
        StateExecution execution = states.findByRunIdAndSequence(runId, sequence)
                .orElseThrow(() -> new IllegalStateException("step " + sequence + " of run " + runId + " vanished"));
        if (claimed == 1) {
            return new StateClaim.Claimed(execution);
        }
        if (execution.status() == StateStatus.RUNNING) {
            return new StateClaim.Busy(execution, execution.leaseUntil());
        }
        return new StateClaim.AlreadyFinished(execution);
    }

    /** {@link #finishState(UUID, int, StateStatus, String, String, String, String, RunStatus, Instant)} for a step after which nothing follows. */
    public void finishState(UUID runId, int sequence, StateStatus status, @Nullable String output, @Nullable String error,
                            @Nullable String cause, @Nullable RunStatus runStatus, Instant now) {
        finishState(runId, sequence, status, output, error, cause, null, runStatus, now);
    }

    /**
     * Records the end of a step that is still RUNNING (otherwise nothing changes); with a {@code runStatus}, also
     * ends the run in the same transaction, so a run is never finished with its last step open or the other way
     * round. The run's output is kept only when it SUCCEEDED.
     *
     * @param nextState the state the run continues with, or null when the step ends the run
     */
    public void finishState(UUID runId, int sequence, StateStatus status, @Nullable String output, @Nullable String error,
                            @Nullable String cause, @Nullable String nextState, @Nullable RunStatus runStatus, Instant now) {
        migrator.ensureMigrated(); // outside the transaction: Flyway takes connections of its own
        transactions.executeWrite(tx -> {
            int finished = states.finish(runId, sequence, status.name(), output, error, cause, nextState, now);
            if (finished == 1 && runStatus != null) {
                runs.finish(runId, runStatus.name(), runStatus == RunStatus.SUCCEEDED ? output : null, error, cause, now);
            }
            return finished;
        });
    }

    /** Gives up this attempt's lease after a transient failure, so the retry can claim the step at once. */
    public void releaseState(UUID runId, int sequence) {
        migrator.ensureMigrated();
        states.release(runId, sequence);
    }

    /** Records that the message for the step after {@code sequence} is on the queue. */
    public void markNextEnqueued(UUID runId, int sequence) {
        migrator.ensureMigrated();
        states.markNextEnqueued(runId, sequence);
    }

    /**
     * For readiness probes: whether {@code SELECT 1} answers within {@code timeout}. Never throws. It does not
     * migrate: a probe must answer within its timeout, and reachability does not depend on the schema. The query
     * runs on a virtual thread so a frozen database cannot hold the caller past the timeout (the thread itself
     * ends at the driver's socket timeout).
     */
    public boolean isReachable(Duration timeout) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("run-history-ping").start(() -> answer.complete(ping(timeout)));
        try {
            return answer.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean ping(Duration timeout) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            try (ResultSet result = statement.executeQuery("SELECT 1")) {
                return result.next() && result.getInt(1) == 1;
            }
        } catch (Exception e) {
            return false;
        }
    }
}

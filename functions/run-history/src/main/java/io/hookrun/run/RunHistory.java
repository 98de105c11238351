package io.hookrun.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Run history in PostgreSQL: what the step function records and the admin API reads. Callers pass
 * {@code now}; nothing here reads a clock. Every call first makes sure the schema is migrated.
 */
@Singleton
public class RunHistory {

    /** How a step claim turned out. */
    public sealed interface StateClaim {
        /** This attempt owns the step: execute it. */
        record Claimed(StateExecution execution) implements StateClaim { }
        /** The step finished before: do not execute it again. */
        record AlreadyFinished(StateExecution execution) implements StateClaim { }
        /** Another attempt is executing it right now. */
        record Busy(StateExecution execution, Instant leaseUntil) implements StateClaim { }
    }

    static final int MAX_LIST = 100;

    private final RunRepository runs;
    private final StateExecutionRepository states;
    private final SchemaMigrator migrator;
    private final DataSource dataSource;

    public RunHistory(RunRepository runs, StateExecutionRepository states, SchemaMigrator migrator, DataSource dataSource) {
        this.runs = runs;
        this.states = states;
        this.migrator = migrator;
        this.dataSource = dataSource;
    }

    /** Inserts the run unless it exists; true when this call created it. A repeated start never makes a second run. */
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

    public List<StateExecution> stateExecutions(UUID runId) {
        migrator.ensureMigrated();
        return states.findByRunIdOrderBySequence(runId);
    }

    public Optional<StateExecution> stateExecution(UUID runId, int sequence) {
        migrator.ensureMigrated();
        return states.findByRunIdAndSequence(runId, sequence);
    }

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

    /**
     * Records the end of a step that is still RUNNING; with a {@code runStatus}, also ends the run, in the same
     * transaction, so a run is never left finished with its last step open or the other way round.
     *
     * @param nextState the state the run continues with, or null when the step ends the run
     */
    @Transactional
    public void finishState(UUID runId, int sequence, StateStatus status, @Nullable String output, @Nullable String error,
                            @Nullable String cause, @Nullable String nextState, @Nullable RunStatus runStatus, Instant now) {
        migrator.ensureMigrated();
        int finished = states.finish(runId, sequence, status.name(), output, error, cause, nextState, now);
        if (finished == 1 && runStatus != null) {
            runs.finish(runId, runStatus.name(), runStatus == RunStatus.SUCCEEDED ? output : null, error, cause, now);
        }
    }

    /** Ends a run directly (a run that cannot start, e.g. its workflow is gone). */
    public void finishRun(UUID runId, RunStatus status, @Nullable String output, @Nullable String error,
                          @Nullable String cause, Instant now) {
        migrator.ensureMigrated();
        runs.finish(runId, status.name(), output, error, cause, now);
    }

    /** Gives up this attempt's lease after a transient failure, so the retry can claim the step at once. */
    public void releaseState(UUID runId, int sequence) {
        migrator.ensureMigrated();
        states.release(runId, sequence);
    }

    public void markNextEnqueued(UUID runId, int sequence) {
        migrator.ensureMigrated();
        states.markNextEnqueued(runId, sequence);
    }

    public void markRunRunning(UUID runId, Instant now) {
        migrator.ensureMigrated();
        runs.markRunning(runId, now);
    }

    /** For readiness probes: whether the database answers within {@code timeout}. Never throws. */
    public boolean isReachable(Duration timeout) {
        try (Connection connection = io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(dataSource).getConnection()) {
            return connection.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}

package io.hookrun.runhistory;

import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link RunHistory} in PostgreSQL. Writes are single conditional SQL statements (ON CONFLICT, WHERE status =
 * 'RUNNING'). Every call first makes sure the schema is migrated ({@link SchemaMigrator}), so a function starts
 * with the database down.
 */
@Singleton
public class JdbcRunHistory implements RunHistory {

    private final RunRepository runs;
    private final StateExecutionRepository states;
    private final SchemaMigrator migrator;
    private final TransactionOperations<Connection> transactions;

    public JdbcRunHistory(RunRepository runs, StateExecutionRepository states, SchemaMigrator migrator,
                          TransactionOperations<Connection> transactions) {
        this.runs = runs;
        this.states = states;
        this.migrator = migrator;
        this.transactions = transactions;
    }

    @Override
    public boolean createRun(Run run) {
        migrator.ensureMigrated();
        return runs.insertIfAbsent(run.id(), run.triggerId(), run.workflowId(), run.eventId(), run.status().name(),
                run.input(), run.output(), run.error(), run.cause(), run.definition(), run.createdAt(),
                run.startedAt(), run.finishedAt()) == 1;
    }

    @Override
    public Optional<Run> findRun(UUID id) {
        migrator.ensureMigrated();
        return runs.findById(id).map(RunRow::toRun);
    }

    @Override
    public List<Run> listRuns(@Nullable String triggerId, @Nullable RunStatus status, int limit) {
        migrator.ensureMigrated();
        return runs.listNewestFirst(triggerId, status == null ? null : status.name(), Math.clamp(limit, 1, MAX_LIST))
                .stream().map(RunRow::toRun).toList();
    }

    @Override
    public List<StateExecution> stateExecutions(UUID runId) {
        migrator.ensureMigrated();
        return states.findByRunIdOrderBySequence(runId).stream().map(StateExecutionRow::toStateExecution).toList();
    }

    @Override
    public Optional<StateExecution> stateExecution(UUID runId, int sequence) {
        migrator.ensureMigrated();
        return states.findByRunIdAndSequence(runId, sequence).map(StateExecutionRow::toStateExecution);
    }

    @Override
    public StateClaim claimState(UUID runId, int sequence, String stateName, String stateType, @Nullable String input,
                                 Instant now, Duration lease) {
        migrator.ensureMigrated();
        int claimed = states.claim(runId, sequence, stateName, stateType, input, now, now.plus(lease));
        StateExecution execution = stateExecution(runId, sequence)
                .orElseThrow(() -> new IllegalStateException("step " + sequence + " of run " + runId + " vanished"));
        if (claimed == 1) {
            return new StateClaim.Claimed(execution);
        }
        if (execution.status() == StateStatus.RUNNING) {
            return new StateClaim.Busy(execution, execution.leaseUntil());
        }
        return new StateClaim.AlreadyFinished(execution);
    }

    @Override
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

    @Override
    public void releaseState(UUID runId, int sequence) {
        migrator.ensureMigrated();
        states.release(runId, sequence);
    }

    @Override
    public void markNextEnqueued(UUID runId, int sequence) {
        migrator.ensureMigrated();
        states.markNextEnqueued(runId, sequence);
    }

    @Override
    public boolean failRun(UUID runId, int sequence, String error, String cause, Instant now) {
        migrator.ensureMigrated(); // outside the transaction: Flyway takes connections of its own
        return transactions.executeWrite(tx -> {
            states.finish(runId, sequence, StateStatus.FAILED.name(), null, error, cause, null, now);
            return runs.finish(runId, RunStatus.FAILED.name(), null, error, cause, now) == 1;
        });
    }

    @Override
    public List<Run> listStalledRuns(Instant progressBefore, Instant now, int limit) {
        migrator.ensureMigrated();
        return runs.listStalled(progressBefore, now, Math.clamp(limit, 1, MAX_LIST)).stream().map(RunRow::toRun).toList();
    }
}

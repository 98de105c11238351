package io.hookrun.runhistory;

import io.hookrun.core.run.Branch;
import io.hookrun.core.run.BranchStatus;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunCursor;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunPage;
import io.hookrun.core.run.RunQuery;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link RunHistory} in PostgreSQL. Writes are conditional SQL statements (ON CONFLICT, WHERE status = 'RUNNING');
 * where two rows change together (a step and its run, a fork and its branches, a branch and its parent's tally) they
 * change in one transaction. Every call first makes sure the schema is migrated ({@link SchemaMigrator}), outside
 * any transaction (Flyway takes connections of its own), so a function starts with the database down.
 */
@Singleton
public class JdbcRunHistory implements RunHistory {

    /** The error of the steps a cancel ends (ADR 0007). */
    static final String ABORTED = "hookrun.Aborted";
    /** The error of a run whose message went to the dead-letter queue: the only runs {@link #reopenRun} re-opens. */
    static final String STEP_ABANDONED = "hookrun.StepAbandoned";

    private final RunRepository runs;
    private final StateExecutionRepository states;
    private final BranchRepository branches;
    private final SchemaMigrator migrator;
    private final TransactionOperations<Connection> transactions;
    private final JdbcOperations jdbc;

    public JdbcRunHistory(RunRepository runs, StateExecutionRepository states, BranchRepository branches,
                          SchemaMigrator migrator, TransactionOperations<Connection> transactions,
                          JdbcOperations jdbc) {
        this.runs = runs;
        this.states = states;
        this.branches = branches;
        this.migrator = migrator;
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    @Override
    public boolean createRun(Run run) {
        migrator.ensureMigrated();
        return runs.insertIfAbsent(run.id(), run.triggerId(), run.workflowId(), run.eventId(), run.status().name(),
                run.input(), run.output(), run.error(), run.cause(), run.definition(), run.createdAt(),
                run.startedAt(), run.finishedAt(), run.replayOf(), run.workflowVersion()) == 1;
    }

    @Override
    public Optional<Run> findRun(UUID id) {
        migrator.ensureMigrated();
        return runs.findById(id).map(RunRow::toRun);
    }

    @Override
    public RunPage listRuns(RunQuery query) {
        migrator.ensureMigrated();
        List<Run> rows = transactions.executeRead(
                        tx -> sql(() -> RunListStatement.list(tx.getConnection(), jdbc, query)))
                .stream().map(RunRow::toRun).toList();
        if (rows.size() <= query.limit()) {
            return new RunPage(rows, null);
        }
        List<Run> page = rows.subList(0, query.limit());
        return new RunPage(page, RunCursor.of(page.getLast()));
    }

    @Override
    public List<StateExecution> stateExecutions(UUID runId) {
        migrator.ensureMigrated();
        return states.listByRun(runId).stream().map(StateExecutionRow::toStateExecution).toList();
    }

    @Override
    public Optional<StateExecution> stateExecution(UUID runId, String frame, int sequence) {
        migrator.ensureMigrated();
        return states.findByRunIdAndFrameAndSequence(runId, frame, sequence).map(StateExecutionRow::toStateExecution);
    }

    @Override
    public StateClaim claimState(StateStart start, Instant now, Duration lease) {
        migrator.ensureMigrated();
        int claimed = states.claim(start.runId(), start.frame(), start.sequence(), start.stateName(), start.stateType(),
                start.input(), start.variables(), now, now.plus(lease));
        StateExecution execution = stateExecution(start.runId(), start.frame(), start.sequence())
                .orElseThrow(() -> new IllegalStateException("step " + start.frame() + "#" + start.sequence()
                        + " of run " + start.runId() + " vanished"));
        if (claimed == 1) {
            return new StateClaim.Claimed(execution);
        }
        return switch (execution.status()) {
            case RUNNING -> new StateClaim.Busy(execution, execution.leaseUntil());
            case WAITING -> new StateClaim.Waiting(execution);
            case PAUSED -> new StateClaim.Paused(execution);
            default -> new StateClaim.AlreadyFinished(execution);
        };
    }

    @Override
    public void finishState(StateFinish finish) {
        if (finish.status() == StateStatus.RUNNING || finish.status() == StateStatus.WAITING) {
            throw new IllegalArgumentException("a step ends SUCCEEDED, RETRIED, CAUGHT or FAILED, not "
                    + finish.status());
        }
        migrator.ensureMigrated();
        RunStatus runStatus = finish.runStatus();
        transactions.executeWrite(tx -> {
            int finished = states.finish(finish.runId(), finish.frame(), finish.sequence(), finish.status().name(),
                    finish.output(), finish.variables(), finish.error(), finish.cause(), finish.nextState(),
                    finish.nextNotBefore(), finish.retries(), finish.now());
            if (finished == 1 && runStatus != null) {
                runs.finish(finish.runId(), runStatus.name(), runStatus == RunStatus.SUCCEEDED ? finish.output() : null,
                        finish.error(), finish.cause(), finish.now());
            }
            return finished;
        });
    }

    @Override
    public boolean forkState(UUID runId, String frame, int sequence, @Nullable String variables,
                             List<String> branchInputs, int concurrency, Instant now) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        if (branchInputs.isEmpty()) {
            return false;
        }
        migrator.ensureMigrated();
        return transactions.executeWrite(tx -> {
            if (states.fork(runId, frame, sequence, variables, branchInputs.size(), concurrency) == 0) {
                return false;
            }
            sql(() -> BranchStatements.insertBranches(tx.getConnection(), runId, frame, sequence, branchInputs));
            return true;
        });
    }

    @Override
    public void startBranches(UUID runId, String frame, int sequence, int fromIndex, int toIndex, Instant now) {
        migrator.ensureMigrated();
        branches.start(runId, frame, sequence, fromIndex, toIndex, now);
    }

    @Override
    public Optional<Branch> branch(UUID runId, String frame, int sequence, int index) {
        migrator.ensureMigrated();
        return branches.findByRunIdAndFrameAndSequenceAndBranchIndex(runId, frame, sequence, index)
                .map(BranchRow::toBranch);
    }

    @Override
    public List<Branch> branches(UUID runId, String frame, int sequence) {
        migrator.ensureMigrated();
        return transactions.executeRead(tx -> sql(() -> BranchStatements.listInIndexOrder(tx.getConnection(), runId,
                frame, sequence)));
    }

    @Override
    public BranchTally finishBranch(UUID runId, String frame, int sequence, int index, BranchStatus status,
                                    @Nullable String output, @Nullable String error, @Nullable String cause,
                                    Instant now) {
        if (status != BranchStatus.SUCCEEDED && status != BranchStatus.FAILED) {
            throw new IllegalArgumentException("a branch ends SUCCEEDED or FAILED, not " + status);
        }
        migrator.ensureMigrated();
        Optional<BranchTally> changed = transactions.executeWrite(tx -> sql(() -> BranchStatements.finishBranch(
                tx.getConnection(), runId, frame, sequence, index, status, output, error, cause, now)));
        // Not open (ended before, aborted, or no such branch): nothing changed; the tally is read afresh, after
        // whichever call did change the branch has committed.
        return changed.orElseGet(() -> branchTally(runId, frame, sequence));
    }

    @Override
    public BranchTally branchTally(UUID runId, String frame, int sequence) {
        migrator.ensureMigrated();
        return states.findByRunIdAndFrameAndSequence(runId, frame, sequence).map(StateExecutionRow::tally)
                .orElse(StateExecutionRow.NO_FORK);
    }

    @Override
    public boolean claimJoin(UUID runId, String frame, int sequence, Instant now, Duration lease) {
        migrator.ensureMigrated();
        return states.claimJoin(runId, frame, sequence, now, now.plus(lease)) == 1;
    }

    // --- callbacks (issue 9, h-callbacks) ---

    @Override
    public boolean pauseState(StatePause pause) {
        migrator.ensureMigrated();
        Long heartbeatSeconds = pause.heartbeatAt() == null ? null
                : Math.max(1, Duration.between(pause.now(), pause.heartbeatAt()).toSeconds());
        return states.pause(pause.runId(), pause.frame(), pause.sequence(), pause.timeoutAt(), pause.heartbeatAt(),
                heartbeatSeconds, pause.now()) == 1;
    }

    @Override
    public CallbackAnswer answerCallback(UUID runId, String frame, int sequence, @Nullable String output,
                                         @Nullable String error, @Nullable String cause, Instant now) {
        migrator.ensureMigrated();
        if (states.answer(runId, frame, sequence, output, error, cause, now) == 1) {
            return CallbackAnswer.RECORDED;
        }
        return refusal(runId, frame, sequence);
    }

    @Override
    public CallbackAnswer heartbeat(UUID runId, String frame, int sequence, Duration heartbeat, Instant now) {
        migrator.ensureMigrated();
        if (states.heartbeat(runId, frame, sequence, now.plus(heartbeat), now) == 1) {
            return CallbackAnswer.RECORDED;
        }
        // Nothing moved: a step waiting without a heartbeat deadline (or not yet paused) is still fine to beat.
        Optional<StateExecutionRow> row = states.findByRunIdAndFrameAndSequence(runId, frame, sequence);
        if (row.isPresent() && waiting(row.get(), now)) {
            return CallbackAnswer.RECORDED;
        }
        return refusal(runId, frame, sequence);
    }

    @Override
    public boolean claimPaused(UUID runId, String frame, int sequence, Instant now, Duration lease) {
        migrator.ensureMigrated();
        return states.claimPaused(runId, frame, sequence, now, now.plus(lease)) == 1;
    }

    /** Why a callback was not recorded, read after the conditional update changed nothing. */
    private CallbackAnswer refusal(UUID runId, String frame, int sequence) {
        Optional<StateExecutionRow> row = states.findByRunIdAndFrameAndSequence(runId, frame, sequence);
        if (row.isEmpty()) {
            return CallbackAnswer.UNKNOWN;
        }
        StateExecution step = row.get().toStateExecution();
        return step.taskWait() != null && step.taskWait().answered() ? CallbackAnswer.ALREADY_ANSWERED
                : CallbackAnswer.NOT_WAITING;
    }

    /** A step a callback could still answer at {@code now} (its run open): what the answer statement requires. */
    private boolean waiting(StateExecutionRow row, Instant now) {
        StateExecution step = row.toStateExecution();
        boolean runOpen = findRun(step.runId()).map(run -> !run.status().finished()).orElse(false);
        if (!runOpen || (step.taskWait() != null && step.taskWait().answered())) {
            return false;
        }
        if (step.status() == StateStatus.RUNNING) {
            return !row.pausedOnce() && "Task".equals(step.stateType());
        }
        Instant next = step.taskWait() == null ? null : step.taskWait().nextDeadline();
        return step.status() == StateStatus.PAUSED && (next == null || next.isAfter(now));
    }

    @Override
    public int abortBranches(UUID runId, String frame, int sequence, Instant now) {
        migrator.ensureMigrated();
        return transactions.executeWrite(tx -> {
            int aborted = branches.abortOpen(runId, frame, sequence, now);
            if (aborted > 0) {
                states.closeAbortedBranches(runId, frame, sequence, aborted);
            }
            return aborted;
        });
    }

    @Override
    public void releaseState(UUID runId, String frame, int sequence) {
        migrator.ensureMigrated();
        states.release(runId, frame, sequence);
    }

    @Override
    public void markNextEnqueued(UUID runId, String frame, int sequence) {
        migrator.ensureMigrated();
        states.markNextEnqueued(runId, frame, sequence);
    }

    @Override
    public boolean failRun(UUID runId, String frame, int sequence, String error, String cause, Instant now) {
        migrator.ensureMigrated();
        return transactions.executeWrite(tx -> {
            states.fail(runId, frame, sequence, error, cause, now);
            return runs.finish(runId, RunStatus.FAILED.name(), null, error, cause, now) == 1;
        });
    }

    @Override
    public List<Run> listStalledRuns(Instant progressBefore, Instant now, int limit) {
        migrator.ensureMigrated();
        return runs.listStalled(progressBefore, now, Math.clamp(limit, 1, MAX_LIST)).stream().map(RunRow::toRun)
                .toList();
    }

    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** Plain JDBC in a Micronaut transaction: its SQLException becomes the DataAccessException repositories throw. */
    private static <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new DataAccessException("run history: " + e.getMessage(), e);
        }
    }

    // --- cancel and redrive (issue 9, h-ops) ---

    /**
     * One transaction, rows locked in the order the workers lock them (branches, then steps, then the run: as
     * {@code finishBranch} and {@code finishState} do), so a cancel racing a step's end waits instead of deadlocking.
     * The branch and step statements act only while the run is open; if the run ended meanwhile (the run update
     * changes nothing), everything is rolled back.
     */
    @Override
    public boolean abortRun(UUID runId, String cause, Instant now) {
        migrator.ensureMigrated();
        return transactions.executeWrite(tx -> {
            sql(() -> RunCancelStatements.abortOpenBranches(tx.getConnection(), runId, now));
            sql(() -> RunCancelStatements.failOpenSteps(tx.getConnection(), runId, ABORTED, cause, now));
            if (runs.finish(runId, RunStatus.ABORTED.name(), null, ABORTED, cause, now) == 1) {
                return true;
            }
            tx.setRollbackOnly();
            return false;
        });
    }

    @Override
    public boolean reopenRun(UUID runId, Instant now) {
        migrator.ensureMigrated();
        return transactions.executeWrite(tx -> {
            sql(() -> RunCancelStatements.reopenAbandonedSteps(tx.getConnection(), runId, STEP_ABANDONED, now));
            if (sql(() -> RunCancelStatements.reopenRun(tx.getConnection(), runId, STEP_ABANDONED)) == 1) {
                return true;
            }
            tx.setRollbackOnly();
            return false;
        });
    }
}

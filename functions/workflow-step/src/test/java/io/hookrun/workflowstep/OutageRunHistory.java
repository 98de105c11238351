package io.hookrun.workflowstep;

import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link RunHistory} in front of another that can be taken down: while down, every call fails the way the pool
 * fails when PostgreSQL is unreachable (Hikari's {@link SQLTransientConnectionException}, wrapped as the data layer
 * wraps it).
 */
final class OutageRunHistory implements RunHistory {

    private final RunHistory delegate;
    private volatile boolean down;

    OutageRunHistory(RunHistory delegate) {
        this.delegate = delegate;
    }

    void down(boolean down) {
        this.down = down;
    }

    private void check() {
        if (down) {
            throw new IllegalStateException("Failed to obtain a connection",
                    new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 3000ms"));
        }
    }

    @Override
    public boolean createRun(Run run) {
        check();
        return delegate.createRun(run);
    }

    @Override
    public Optional<Run> findRun(UUID id) {
        check();
        return delegate.findRun(id);
    }

    @Override
    public List<Run> listRuns(String triggerId, RunStatus status, int limit) {
        check();
        return delegate.listRuns(triggerId, status, limit);
    }

    @Override
    public List<StateExecution> stateExecutions(UUID runId) {
        check();
        return delegate.stateExecutions(runId);
    }

    @Override
    public Optional<StateExecution> stateExecution(UUID runId, int sequence) {
        check();
        return delegate.stateExecution(runId, sequence);
    }

    @Override
    public StateClaim claimState(UUID runId, int sequence, String stateName, String stateType, String input, Instant now,
                                 Duration lease) {
        check();
        return delegate.claimState(runId, sequence, stateName, stateType, input, now, lease);
    }

    @Override
    public void finishState(UUID runId, int sequence, StateStatus status, String output, String error, String cause,
                            String nextState, RunStatus runStatus, Instant now) {
        check();
        delegate.finishState(runId, sequence, status, output, error, cause, nextState, runStatus, now);
    }

    @Override
    public void releaseState(UUID runId, int sequence) {
        check();
        delegate.releaseState(runId, sequence);
    }

    @Override
    public void markNextEnqueued(UUID runId, int sequence) {
        check();
        delegate.markNextEnqueued(runId, sequence);
    }

    @Override
    public boolean failRun(UUID runId, int sequence, String error, String cause, Instant now) {
        check();
        return delegate.failRun(runId, sequence, error, cause, now);
    }

    @Override
    public List<Run> listStalledRuns(Instant progressBefore, Instant now, int limit) {
        check();
        return delegate.listStalledRuns(progressBefore, now, limit);
    }
}

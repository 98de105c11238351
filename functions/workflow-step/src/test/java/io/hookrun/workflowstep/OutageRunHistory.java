package io.hookrun.workflowstep;

import io.hookrun.core.run.Branch;
import io.hookrun.core.run.BranchStatus;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunPage;
import io.hookrun.core.run.RunQuery;
import io.hookrun.core.run.StateExecution;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A {@link RunHistory} in front of another that can be taken down: while down, every call fails the way the pool
 * fails when PostgreSQL is unreachable (Hikari's {@link SQLTransientConnectionException}, wrapped as the data layer
 * wraps it). It can also crash once right after a given call has done its work ({@link #crashOnceAfter}), the way an
 * invocation dies between two writes.
 */
final class OutageRunHistory implements RunHistory {

    /** What a crash after a call throws: the work of the call is done, the caller never learns it. */
    static final class Crash extends RuntimeException {
        Crash(String method) {
            super("crashed after " + method, null, false, false);
        }
    }

    private final RunHistory delegate;
    private final Map<String, Boolean> crashAfter = new ConcurrentHashMap<>();
    private final Map<String, Runnable> before = new ConcurrentHashMap<>();
    private volatile boolean down;

    OutageRunHistory(RunHistory delegate) {
        this.delegate = delegate;
    }

    void down(boolean down) {
        this.down = down;
    }

    /** The next call of {@code method} does its work, then throws {@link Crash}. */
    void crashOnceAfter(String method) {
        crashAfter.put(method, true);
    }

    /** Every following call of {@code method} runs {@code hook} first (e.g. to hold two callers at the same point). */
    void before(String method, Runnable hook) {
        before.put(method, hook);
    }

    private void check() {
        if (down) {
            throw new IllegalStateException("Failed to obtain a connection",
                    new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 3000ms"));
        }
    }

    private <T> T call(String method, Supplier<T> work) {
        check();
        before.getOrDefault(method, () -> { }).run();
        T result = work.get();
        if (crashAfter.remove(method) != null) {
            throw new Crash(method);
        }
        return result;
    }

    private void run(String method, Runnable work) {
        call(method, () -> {
            work.run();
            return null;
        });
    }

    @Override
    public boolean createRun(Run run) {
        return call("createRun", () -> delegate.createRun(run));
    }

    @Override
    public Optional<Run> findRun(UUID id) {
        return call("findRun", () -> delegate.findRun(id));
    }

    @Override
    public RunPage listRuns(RunQuery query) {
        return call("listRuns", () -> delegate.listRuns(query));
    }

    @Override
    public List<StateExecution> stateExecutions(UUID runId) {
        return call("stateExecutions", () -> delegate.stateExecutions(runId));
    }

    @Override
    public Optional<StateExecution> stateExecution(UUID runId, String frame, int sequence) {
        return call("stateExecution", () -> delegate.stateExecution(runId, frame, sequence));
    }

    @Override
    public StateClaim claimState(StateStart start, Instant now, Duration lease) {
        return call("claimState", () -> delegate.claimState(start, now, lease));
    }

    @Override
    public void finishState(StateFinish finish) {
        run("finishState", () -> delegate.finishState(finish));
    }

    @Override
    public boolean forkState(UUID runId, String frame, int sequence, String variables, List<String> branchInputs,
                             int concurrency, Instant now) {
        return call("forkState", () -> delegate.forkState(runId, frame, sequence, variables, branchInputs, concurrency,
                now));
    }

    @Override
    public void startBranches(UUID runId, String frame, int sequence, int fromIndex, int toIndex, Instant now) {
        run("startBranches", () -> delegate.startBranches(runId, frame, sequence, fromIndex, toIndex, now));
    }

    @Override
    public Optional<Branch> branch(UUID runId, String frame, int sequence, int index) {
        return call("branch", () -> delegate.branch(runId, frame, sequence, index));
    }

    @Override
    public List<Branch> branches(UUID runId, String frame, int sequence) {
        return call("branches", () -> delegate.branches(runId, frame, sequence));
    }

    @Override
    public BranchTally finishBranch(UUID runId, String frame, int sequence, int index, BranchStatus status,
                                    String output, String error, String cause, Instant now) {
        return call("finishBranch", () -> delegate.finishBranch(runId, frame, sequence, index, status, output, error,
                cause, now));
    }

    @Override
    public BranchTally branchTally(UUID runId, String frame, int sequence) {
        return call("branchTally", () -> delegate.branchTally(runId, frame, sequence));
    }

    @Override
    public boolean claimJoin(UUID runId, String frame, int sequence, Instant now, Duration lease) {
        return call("claimJoin", () -> delegate.claimJoin(runId, frame, sequence, now, lease));
    }

    @Override
    public int abortBranches(UUID runId, String frame, int sequence, Instant now) {
        return call("abortBranches", () -> delegate.abortBranches(runId, frame, sequence, now));
    }

    @Override
    public void releaseState(UUID runId, String frame, int sequence) {
        run("releaseState", () -> delegate.releaseState(runId, frame, sequence));
    }

    @Override
    public void markNextEnqueued(UUID runId, String frame, int sequence) {
        run("markNextEnqueued", () -> delegate.markNextEnqueued(runId, frame, sequence));
    }

    @Override
    public boolean failRun(UUID runId, String frame, int sequence, String error, String cause, Instant now) {
        return call("failRun", () -> delegate.failRun(runId, frame, sequence, error, cause, now));
    }

    @Override
    public List<Run> listStalledRuns(Instant progressBefore, Instant now, int limit) {
        return call("listStalledRuns", () -> delegate.listStalledRuns(progressBefore, now, limit));
    }

    @Override
    public boolean pauseState(StatePause pause) {
        return call("pauseState", () -> delegate.pauseState(pause));
    }

    @Override
    public CallbackAnswer answerCallback(UUID runId, String frame, int sequence, String output, String error,
                                         String cause, Instant now) {
        return call("answerCallback", () -> delegate.answerCallback(runId, frame, sequence, output, error, cause, now));
    }

    @Override
    public CallbackAnswer heartbeat(UUID runId, String frame, int sequence, Duration heartbeat, Instant now) {
        return call("heartbeat", () -> delegate.heartbeat(runId, frame, sequence, heartbeat, now));
    }

    @Override
    public boolean claimPaused(UUID runId, String frame, int sequence, Instant now, Duration lease) {
        return call("claimPaused", () -> delegate.claimPaused(runId, frame, sequence, now, lease));
    }

    @Override
    public boolean abortRun(UUID runId, String cause, Instant now) {
        return call("abortRun", () -> delegate.abortRun(runId, cause, now));
    }

    @Override
    public boolean reopenRun(UUID runId, Instant now) {
        return call("reopenRun", () -> delegate.reopenRun(runId, now));
    }
}

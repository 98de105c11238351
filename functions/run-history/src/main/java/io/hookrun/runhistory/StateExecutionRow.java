package io.hookrun.runhistory;

import io.hookrun.core.run.RunHistory.BranchTally;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.run.TaskWait;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code state_executions}: the JDBC mapping of the domain's {@link StateExecution}, plus the branch tally a
 * forked step keeps; only this module sees it. Rows are written by conditional SQL only
 * ({@link StateExecutionRepository}), so it needs no generated id.
 */
@MappedEntity("state_executions")
record StateExecutionRow(UUID runId, String frame, int sequence, String stateName, String stateType, String status,
                         @Nullable String input, @Nullable String output, @Nullable String variables,
                         @Nullable String error, @Nullable String cause, @Nullable String nextState,
                         @Nullable Instant nextNotBefore, @Nullable String retries, Instant startedAt,
                         @Nullable Instant finishedAt, @Nullable Instant leaseUntil, int attempts,
                         boolean nextEnqueued, @Nullable Integer branches, @Nullable Integer concurrency,
                         @Nullable Integer branchesOpen, @Nullable Integer branchesSucceeded,
                         @Nullable Integer branchesFailed, @Nullable Instant pausedAt, @Nullable Instant timeoutAt,
                         @Nullable Instant heartbeatAt, @Nullable Long heartbeatSeconds, @Nullable Instant answeredAt,
                         @Nullable String answerOutput, @Nullable String answerError, @Nullable String answerCause) {

    /** The tally of a step that never forked. */
    static final BranchTally NO_FORK = new BranchTally(false, 0, 0, 0, 0);

    StateExecution toStateExecution() {
        return new StateExecution(runId, frame, sequence, stateName, stateType, StateStatus.valueOf(status), input,
                output, variables, error, cause, nextState, nextNotBefore, retries, startedAt, finishedAt, leaseUntil,
                attempts, nextEnqueued, branches, concurrency, taskWait());
    }

    /** The callback wait of a step that paused (null for any other step). */
    @Nullable
    private TaskWait taskWait() {
        return pausedAt == null && answeredAt == null ? null
                : new TaskWait(timeoutAt, heartbeatAt, answeredAt, answerOutput, answerError, answerCause,
                        heartbeatSeconds == null ? null : Duration.ofSeconds(heartbeatSeconds));
    }

    /** Whether the step paused once (a RUNNING step that did is resuming, and no callback may answer it early). */
    boolean pausedOnce() {
        return pausedAt != null;
    }

    BranchTally tally() {
        return branches == null ? NO_FORK
                : new BranchTally(false, branches, branchesOpen, branchesSucceeded, branchesFailed);
    }
}

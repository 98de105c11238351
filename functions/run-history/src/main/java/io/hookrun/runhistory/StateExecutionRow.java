package io.hookrun.runhistory;

import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code state_executions}: the JDBC mapping of the domain's {@link StateExecution}; only this module
 * sees it. Rows are written by conditional SQL only ({@link StateExecutionRepository}), so it needs no generated id.
 */
@MappedEntity("state_executions")
record StateExecutionRow(UUID runId, int sequence, String stateName, String stateType, String status,
                         @Nullable String input, @Nullable String output, @Nullable String error,
                         @Nullable String cause, @Nullable String nextState, Instant startedAt,
                         @Nullable Instant finishedAt, @Nullable Instant leaseUntil, int attempts,
                         boolean nextEnqueued) {

    StateExecution toStateExecution() {
        return new StateExecution(runId, sequence, stateName, stateType, StateStatus.valueOf(status), input, output,
                error, cause, nextState, startedAt, finishedAt, leaseUntil, attempts, nextEnqueued);
    }
}

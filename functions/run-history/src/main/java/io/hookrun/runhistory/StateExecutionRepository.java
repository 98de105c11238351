package io.hookrun.runhistory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** State executions table access. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface StateExecutionRepository extends GenericRepository<StateExecutionRow, UUID> {

    List<StateExecutionRow> findByRunIdOrderBySequence(UUID runId);

    Optional<StateExecutionRow> findByRunIdAndSequence(UUID runId, int sequence);

    /**
     * Inserts the step as RUNNING, or takes over a RUNNING step whose lease ran out (its attempt died).
     * Returns 1 when this attempt now owns the step, 0 when someone else does or it already finished.
     */
    @Query("""
            INSERT INTO state_executions (run_id, sequence, state_name, state_type, status, input, started_at,
                                          lease_until, attempts, next_enqueued)
            VALUES (:runId, :sequence, :stateName, :stateType, 'RUNNING', :input, :now, :leaseUntil, 1, FALSE)
            ON CONFLICT (run_id, sequence) DO UPDATE
               SET lease_until = EXCLUDED.lease_until, started_at = EXCLUDED.started_at,
                   attempts = state_executions.attempts + 1
             WHERE state_executions.status = 'RUNNING'
               AND (state_executions.lease_until IS NULL OR state_executions.lease_until < EXCLUDED.started_at)""")
    int claim(UUID runId, int sequence, String stateName, String stateType, @Nullable String input, Instant now,
              Instant leaseUntil);

    @Query("""
            UPDATE state_executions
               SET status = :status, output = :output, error = :error, cause = :cause, next_state = :nextState,
                   finished_at = :now, lease_until = NULL
             WHERE run_id = :runId AND sequence = :sequence AND status = 'RUNNING'""")
    int finish(UUID runId, int sequence, String status, @Nullable String output, @Nullable String error,
               @Nullable String cause, @Nullable String nextState, Instant now);

    /** Lets the next delivery claim the step at once after a transient failure of this attempt. */
    @Query("""
            UPDATE state_executions SET lease_until = NULL
             WHERE run_id = :runId AND sequence = :sequence AND status = 'RUNNING'""")
    int release(UUID runId, int sequence);

    @Query("UPDATE state_executions SET next_enqueued = TRUE WHERE run_id = :runId AND sequence = :sequence")
    int markNextEnqueued(UUID runId, int sequence);
}

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

/**
 * State executions table access. Every write is one conditional statement on the step's key (run_id, frame,
 * sequence), so concurrent or repeated messages cannot execute, finish, fork or join a step twice.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface StateExecutionRepository extends GenericRepository<StateExecutionRow, UUID> {

    @Query(value = """
            SELECT * FROM state_executions WHERE run_id = :runId
             ORDER BY started_at, frame, sequence""", nativeQuery = true)
    List<StateExecutionRow> listByRun(UUID runId);

    Optional<StateExecutionRow> findByRunIdAndFrameAndSequence(UUID runId, String frame, int sequence);

    /**
     * Inserts the step as RUNNING, or takes over a RUNNING step whose lease ran out (its attempt died), keeping what
     * the first attempt stored. Returns 1 when this attempt now owns the step, 0 when someone else does, it is
     * WAITING for its branches, or it ended.
     */
    @Query("""
            INSERT INTO state_executions (run_id, frame, sequence, state_name, state_type, status, input, variables,
                                          started_at, lease_until, attempts, next_enqueued)
            VALUES (:runId, :frame, :sequence, :stateName, :stateType, 'RUNNING', :input, :variables, :now,
                    :leaseUntil, 1, FALSE)
            ON CONFLICT (run_id, frame, sequence) DO UPDATE
               SET lease_until = EXCLUDED.lease_until, started_at = EXCLUDED.started_at,
                   attempts = state_executions.attempts + 1
             WHERE state_executions.status = 'RUNNING'
               AND (state_executions.lease_until IS NULL OR state_executions.lease_until < EXCLUDED.started_at)""")
    int claim(UUID runId, String frame, int sequence, String stateName, String stateType, @Nullable String input,
              @Nullable String variables, Instant now, Instant leaseUntil);

    @Query("""
            UPDATE state_executions
               SET status = :status, output = :output, variables = :variables, error = :error, cause = :cause,
                   next_state = :nextState, next_not_before = :nextNotBefore, retries = :retries,
                   finished_at = :now, lease_until = NULL
             WHERE run_id = :runId AND frame = :frame AND sequence = :sequence AND status = 'RUNNING'""")
    int finish(UUID runId, String frame, int sequence, String status, @Nullable String output,
               @Nullable String variables, @Nullable String error, @Nullable String cause,
               @Nullable String nextState, @Nullable Instant nextNotBefore, @Nullable String retries, Instant now);

    /** For failRun: ends a RUNNING or WAITING step FAILED, whoever holds it. */
    @Query("""
            UPDATE state_executions
               SET status = 'FAILED', output = NULL, error = :error, cause = :cause, next_state = NULL,
                   next_not_before = NULL, retries = NULL, finished_at = :now, lease_until = NULL
             WHERE run_id = :runId AND frame = :frame AND sequence = :sequence AND status IN ('RUNNING', 'WAITING')""")
    int fail(UUID runId, String frame, int sequence, String error, String cause, Instant now);

    /**
     * A RUNNING step that never forked becomes WAITING for {@code branches} branches, all open; its lease ends with
     * the attempt. (A forked step is RUNNING again while it joins: it does not fork a second time.)
     */
    @Query("""
            UPDATE state_executions
               SET status = 'WAITING', variables = :variables, lease_until = NULL, branches = :branches,
                   concurrency = :concurrency, branches_open = :branches, branches_succeeded = 0, branches_failed = 0
             WHERE run_id = :runId AND frame = :frame AND sequence = :sequence AND status = 'RUNNING'
               AND branches IS NULL""")
    int fork(UUID runId, String frame, int sequence, @Nullable String variables, int branches, int concurrency);

    /**
     * WAITING to RUNNING for the one attempt that joins; or, counting one more attempt, a forked RUNNING step whose
     * joining attempt died (lease ended). The row lock makes two concurrent callers update it one after the other,
     * and the second, re-checking the condition on the updated row, changes nothing.
     */
    @Query("""
            UPDATE state_executions
               SET attempts = attempts + CASE WHEN status = 'RUNNING' THEN 1 ELSE 0 END,
                   status = 'RUNNING', lease_until = :leaseUntil
             WHERE run_id = :runId AND frame = :frame AND sequence = :sequence
               AND (status = 'WAITING'
                    OR (status = 'RUNNING' AND branches IS NOT NULL
                        AND (lease_until IS NULL OR lease_until < :now)))""")
    int claimJoin(UUID runId, String frame, int sequence, Instant now, Instant leaseUntil);

    /** Takes {@code aborted} branches off the open count, in the transaction that aborted them. */
    @Query("""
            UPDATE state_executions SET branches_open = branches_open - :aborted
             WHERE run_id = :runId AND frame = :frame AND sequence = :sequence AND branches IS NOT NULL""")
    int closeAbortedBranches(UUID runId, String frame, int sequence, int aborted);

    /** Lets the next delivery claim the step at once after a transient failure of this attempt. */
    @Query("""
            UPDATE state_executions SET lease_until = NULL
             WHERE run_id = :runId AND frame = :frame AND sequence = :sequence AND status = 'RUNNING'""")
    int release(UUID runId, String frame, int sequence);

    @Query("""
            UPDATE state_executions SET next_enqueued = TRUE
             WHERE run_id = :runId AND frame = :frame AND sequence = :sequence""")
    int markNextEnqueued(UUID runId, String frame, int sequence);

    // --- callbacks (issue 9, ADR 0007) ---

    /** RUNNING to PAUSED with the callback's deadlines; an answer that came before the pause is kept. */
    @Query("""
            UPDATE state_executions
               SET status = 'PAUSED', lease_until = NULL, paused_at = :now, timeout_at = :timeoutAt,
                   heartbeat_at = :heartbeatAt, heartbeat_seconds = :heartbeatSeconds
             WHERE run_id = :runId AND frame = :frame AND sequence = :sequence AND status = 'RUNNING'""")
    int pause(UUID runId, String frame, int sequence, @Nullable Instant timeoutAt, @Nullable Instant heartbeatAt,
              @Nullable Long heartbeatSeconds, Instant now);

    /**
     * Records a callback's answer, once: on a PAUSED step before its deadlines, or on a Task step still RUNNING
     * before its pause (the downstream answered before the pause was recorded), of a QUEUED or RUNNING run. The row
     * lock serialises concurrent answers; the second re-checks {@code answered_at IS NULL} on the updated row and
     * changes nothing.
     */
    @Query("""
            UPDATE state_executions s
               SET answered_at = :now, answer_output = :output, answer_error = :error, answer_cause = :cause
             WHERE s.run_id = :runId AND s.frame = :frame AND s.sequence = :sequence AND s.answered_at IS NULL
               AND ((s.status = 'PAUSED' AND (s.timeout_at IS NULL OR s.timeout_at > :now)
                     AND (s.heartbeat_at IS NULL OR s.heartbeat_at > :now))
                    OR (s.status = 'RUNNING' AND s.paused_at IS NULL AND s.state_type = 'Task'))
               AND EXISTS (SELECT 1 FROM runs r WHERE r.id = s.run_id AND r.status IN ('QUEUED', 'RUNNING'))""")
    int answer(UUID runId, String frame, int sequence, @Nullable String output, @Nullable String error,
               @Nullable String cause, Instant now);

    /** Moves the heartbeat deadline of a PAUSED, unanswered step that has one and has not passed a deadline. */
    @Query("""
            UPDATE state_executions s
               SET heartbeat_at = :heartbeatAt
             WHERE s.run_id = :runId AND s.frame = :frame AND s.sequence = :sequence AND s.answered_at IS NULL
               AND s.status = 'PAUSED' AND s.heartbeat_at IS NOT NULL AND s.heartbeat_at > :now
               AND (s.timeout_at IS NULL OR s.timeout_at > :now)
               AND EXISTS (SELECT 1 FROM runs r WHERE r.id = s.run_id AND r.status IN ('QUEUED', 'RUNNING'))""")
    int heartbeat(UUID runId, String frame, int sequence, Instant heartbeatAt, Instant now);

    /** PAUSED to RUNNING for the one attempt that resumes it: answered, or at or past a deadline. */
    @Query("""
            UPDATE state_executions
               SET status = 'RUNNING', lease_until = :leaseUntil
             WHERE run_id = :runId AND frame = :frame AND sequence = :sequence AND status = 'PAUSED'
               AND (answered_at IS NOT NULL OR timeout_at <= :now OR heartbeat_at <= :now)""")
    int claimPaused(UUID runId, String frame, int sequence, Instant now, Instant leaseUntil);
}

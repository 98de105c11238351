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

/** Runs table access; writes are conditional SQL so concurrent or repeated messages cannot clash. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface RunRepository extends GenericRepository<RunRow, UUID> {

    Optional<RunRow> findById(UUID id);

    @Query("""
            INSERT INTO runs (id, trigger_id, workflow_id, event_id, status, input, output, error, cause, definition,
                              created_at, started_at, finished_at, replay_of, workflow_version)
            VALUES (:id, :triggerId, :workflowId, :eventId, :status, :input, :output, :error, :cause, :definition,
                    :createdAt, :startedAt, :finishedAt, :replayOf, :workflowVersion)
            ON CONFLICT (id) DO NOTHING""")
    int insertIfAbsent(UUID id, @Nullable String triggerId, String workflowId, @Nullable String eventId, String status,
                       @Nullable String input, @Nullable String output, @Nullable String error, @Nullable String cause,
                       @Nullable String definition, Instant createdAt, @Nullable Instant startedAt,
                       @Nullable Instant finishedAt, @Nullable UUID replayOf, @Nullable Integer workflowVersion);

    @Query("""
            UPDATE runs SET status = :status, output = :output, error = :error, cause = :cause, finished_at = :now
            WHERE id = :id AND status IN ('QUEUED', 'RUNNING')""")
    int finish(UUID id, String status, @Nullable String output, @Nullable String error, @Nullable String cause, Instant now);

    /**
     * RUNNING runs with no progress since {@code progressBefore}, oldest first: no step of any frame started or
     * finished since, held by a live lease, or waiting (Wait state, retry interval) until {@code progressBefore} or
     * later, answered by a callback since, or PAUSED for a callback with no deadline before {@code progressBefore} (a
     * PAUSED step answered earlier or past a deadline has lost its message: the sweeper sends it again).
     * {@code created_at < :progressBefore} is implied by the start time (a run is created before it starts) and lets
     * {@code runs_status_page} (V6) find the candidates; the primary key of {@code state_executions} (run_id first)
     * serves the per-run check.
     */
    @Query(value = """
            SELECT * FROM runs r
            WHERE r.status = 'RUNNING'
              AND r.created_at < :progressBefore
              AND COALESCE(r.started_at, r.created_at) < :progressBefore
              AND NOT EXISTS (SELECT 1 FROM state_executions s
                               WHERE s.run_id = r.id
                                 AND (s.started_at >= :progressBefore OR s.finished_at >= :progressBefore
                                      OR s.lease_until >= :now OR s.next_not_before >= :progressBefore
                                      OR s.answered_at >= :progressBefore
                                      OR (s.status = 'PAUSED' AND s.answered_at IS NULL
                                          AND (LEAST(s.timeout_at, s.heartbeat_at) IS NULL
                                               OR LEAST(s.timeout_at, s.heartbeat_at) >= :progressBefore))))
            ORDER BY r.created_at, r.id LIMIT :limit""", nativeQuery = true)
    List<RunRow> listStalled(Instant progressBefore, Instant now, int limit);
}

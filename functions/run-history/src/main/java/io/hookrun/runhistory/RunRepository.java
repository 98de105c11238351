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
                              created_at, started_at, finished_at)
            VALUES (:id, :triggerId, :workflowId, :eventId, :status, :input, :output, :error, :cause, :definition,
                    :createdAt, :startedAt, :finishedAt)
            ON CONFLICT (id) DO NOTHING""")
    int insertIfAbsent(UUID id, String triggerId, String workflowId, String eventId, String status,
                       @Nullable String input, @Nullable String output, @Nullable String error, @Nullable String cause,
                       @Nullable String definition, Instant createdAt, @Nullable Instant startedAt,
                       @Nullable Instant finishedAt);

    @Query("""
            UPDATE runs SET status = :status, output = :output, error = :error, cause = :cause, finished_at = :now
            WHERE id = :id AND status IN ('QUEUED', 'RUNNING')""")
    int finish(UUID id, String status, @Nullable String output, @Nullable String error, @Nullable String cause, Instant now);

    @Query(value = """
            SELECT * FROM runs
            WHERE (CAST(:triggerId AS TEXT) IS NULL OR trigger_id = :triggerId)
              AND (CAST(:status AS TEXT) IS NULL OR status = :status)
            ORDER BY created_at DESC, id DESC LIMIT :limit""", nativeQuery = true)
    List<RunRow> listNewestFirst(@Nullable String triggerId, @Nullable String status, int limit);
}

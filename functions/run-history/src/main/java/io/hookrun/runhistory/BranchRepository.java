package io.hookrun.runhistory;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Branches table access for single branches and ranges; writing a fork's branches, ending a branch and reading a
 * fork's results are {@link BranchStatements}. Every query here is a range of the primary key (run_id, frame,
 * sequence, branch_index).
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface BranchRepository extends GenericRepository<BranchRow, UUID> {

    Optional<BranchRow> findByRunIdAndFrameAndSequenceAndBranchIndex(UUID runId, String frame, int sequence,
                                                                      int branchIndex);

    @Query("""
            UPDATE branches SET status = 'RUNNING', started_at = :now
             WHERE run_id = :runId AND frame = :frame AND sequence = :sequence
               AND branch_index >= :fromIndex AND branch_index < :toIndex AND status = 'PENDING'""")
    int start(UUID runId, String frame, int sequence, int fromIndex, int toIndex, Instant now);

    @Query("""
            UPDATE branches SET status = 'ABORTED', finished_at = :now
             WHERE run_id = :runId AND frame = :frame AND sequence = :sequence AND status IN ('PENDING', 'RUNNING')""")
    int abortOpen(UUID runId, String frame, int sequence, Instant now);
}

package io.hookrun.runhistory;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Branches table access for what needs no tally; writing a fork's branches and ending a branch are
 * {@link ForkStatements}. Every query here is a range of the primary key (run_id, frame, sequence, branch_index).
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface BranchRepository extends GenericRepository<BranchRow, UUID> {

    Optional<BranchRow> findByRunIdAndFrameAndSequenceAndBranchIndex(UUID runId, String frame, int sequence,
                                                                      int branchIndex);

    @Query(value = """
            SELECT * FROM branches WHERE run_id = :runId AND frame = :frame AND sequence = :sequence
             ORDER BY branch_index""", nativeQuery = true)
    List<BranchRow> listInIndexOrder(UUID runId, String frame, int sequence);

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

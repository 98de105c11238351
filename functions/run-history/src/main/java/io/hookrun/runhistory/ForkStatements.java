package io.hookrun.runhistory;

import io.hookrun.core.run.BranchStatus;
import io.hookrun.core.run.RunHistory.BranchTally;
import io.micronaut.core.annotation.Nullable;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The two statements of a fork that a repository method cannot express, run on the connection of the caller's
 * transaction: writing all of a fork's branches in one round trip, and ending a branch together with its parent's
 * tally.
 */
final class ForkStatements {

    /**
     * One statement for any number of branches: the inputs travel as one {@code text[]} parameter and
     * {@code unnest ... WITH ORDINALITY} numbers them, so a 10,000-item Map costs one round trip, not 10,000
     * (and stays clear of PostgreSQL's 65,535 bind parameters per statement that a multi-row VALUES would hit).
     */
    private static final String INSERT_BRANCHES = """
            INSERT INTO branches (run_id, frame, sequence, branch_index, status, input)
            SELECT ?, ?, ?, item.ordinality - 1, 'PENDING', item.input
              FROM unnest(?::text[]) WITH ORDINALITY AS item (input, ordinality)""";

    /**
     * Ends an open branch and counts it on the parent row in one statement. The parent's UPDATE takes its row lock,
     * so concurrent ends of other branches of the same fork wait for each other there; under READ COMMITTED the
     * waiting one re-reads the updated row before applying its own change (PostgreSQL's EvalPlanQual, see "13.2.1.
     * Read Committed Isolation Level" in its manual), so no end is lost and RETURNING gives the tally right after
     * this call's change. A branch that already ended matches nothing in {@code ended}, and the parent is untouched.
     */
    private static final String FINISH_BRANCH = """
            WITH ended AS (
                UPDATE branches
                   SET status = ?, output = ?, error = ?, cause = ?, finished_at = ?,
                       started_at = COALESCE(started_at, ?)
                 WHERE run_id = ? AND frame = ? AND sequence = ? AND branch_index = ?
                   AND status IN ('PENDING', 'RUNNING')
                RETURNING status)
            UPDATE state_executions parent
               SET branches_open = parent.branches_open - 1,
                   branches_succeeded = parent.branches_succeeded
                                        + CASE WHEN ended.status = 'SUCCEEDED' THEN 1 ELSE 0 END,
                   branches_failed = parent.branches_failed + CASE WHEN ended.status = 'FAILED' THEN 1 ELSE 0 END
              FROM ended
             WHERE parent.run_id = ? AND parent.frame = ? AND parent.sequence = ?
            RETURNING parent.branches, parent.branches_open, parent.branches_succeeded, parent.branches_failed""";

    private ForkStatements() {
    }

    static int insertBranches(Connection connection, UUID runId, String frame, int sequence, List<String> inputs)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_BRANCHES)) {
            Array array = connection.createArrayOf("text", inputs.toArray(String[]::new));
            try {
                insert.setObject(1, runId);
                insert.setString(2, frame);
                insert.setInt(3, sequence);
                insert.setArray(4, array);
                return insert.executeUpdate();
            } finally {
                array.free();
            }
        }
    }

    /** The tally after this call's change, or empty when the branch was not open (then nothing changed). */
    static Optional<BranchTally> finishBranch(Connection connection, UUID runId, String frame, int sequence, int index,
                                              BranchStatus status, @Nullable String output, @Nullable String error,
                                              @Nullable String cause, Instant now) throws SQLException {
        try (PreparedStatement finish = connection.prepareStatement(FINISH_BRANCH)) {
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            finish.setString(1, status.name());
            finish.setString(2, output);
            finish.setString(3, error);
            finish.setString(4, cause);
            finish.setObject(5, at);
            finish.setObject(6, at);
            finish.setObject(7, runId);
            finish.setString(8, frame);
            finish.setInt(9, sequence);
            finish.setInt(10, index);
            finish.setObject(11, runId);
            finish.setString(12, frame);
            finish.setInt(13, sequence);
            try (ResultSet tally = finish.executeQuery()) {
                if (!tally.next()) {
                    return Optional.empty();
                }
                return Optional.of(new BranchTally(true, tally.getInt(1), tally.getInt(2), tally.getInt(3),
                        tally.getInt(4)));
            }
        }
    }
}

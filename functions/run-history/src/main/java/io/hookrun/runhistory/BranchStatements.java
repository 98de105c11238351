package io.hookrun.runhistory;

import io.hookrun.core.run.Branch;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The statements on {@code branches} that a repository method cannot express or would make slow, in plain JDBC on
 * the connection of the caller's transaction: writing all of a fork's branches in one round trip, ending a branch
 * together with its parent's tally, and reading all of a fork's results for the join (mapped by hand: for the
 * 10,000 branches of LargeForkIT, Micronaut Data's row mapping took 0.3 to 1.2 s, this 0.1 to 0.2 s).
 */
final class BranchStatements {

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

    private static final String LIST_IN_INDEX_ORDER = """
            SELECT branch_index, status, input, output, error, cause, started_at, finished_at
              FROM branches WHERE run_id = ? AND frame = ? AND sequence = ?
             ORDER BY branch_index""";

    private BranchStatements() {
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

    static List<Branch> listInIndexOrder(Connection connection, UUID runId, String frame, int sequence)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(LIST_IN_INDEX_ORDER)) {
            select.setObject(1, runId);
            select.setString(2, frame);
            select.setInt(3, sequence);
            try (ResultSet rows = select.executeQuery()) {
                List<Branch> branches = new ArrayList<>();
                while (rows.next()) {
                    branches.add(new Branch(runId, frame, sequence, rows.getInt(1),
                            BranchStatus.valueOf(rows.getString(2)), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), instant(rows, 7), instant(rows, 8)));
                }
                return branches;
            }
        }
    }

    private static @Nullable Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime at = rows.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}

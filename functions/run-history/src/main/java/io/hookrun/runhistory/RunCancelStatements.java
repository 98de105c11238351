package io.hookrun.runhistory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The statements of a cancel ({@link JdbcRunHistory#abortRun}) and of a redrive's re-opening
 * ({@link JdbcRunHistory#reopenRun}), in plain JDBC on the connection of the caller's transaction. Plain JDBC because
 * the branch statement is a data-modifying CTE (one round trip ends every open branch and takes them off their
 * parents' open tally), which a repository method would not run as an update.
 */
final class RunCancelStatements {

    /** Every open branch of the run ABORTED, each counted off its Map/Parallel step's open tally; while the run is open. */
    private static final String ABORT_OPEN_BRANCHES = """
            WITH aborted AS (
                UPDATE branches SET status = 'ABORTED', finished_at = ?
                 WHERE run_id = ? AND status IN ('PENDING', 'RUNNING')
                   AND EXISTS (SELECT 1 FROM runs WHERE id = ? AND status IN ('QUEUED', 'RUNNING'))
                RETURNING frame, sequence),
            counted AS (SELECT frame, sequence, COUNT(*) AS n FROM aborted GROUP BY frame, sequence)
            UPDATE state_executions s SET branches_open = s.branches_open - counted.n
              FROM counted
             WHERE s.run_id = ? AND s.frame = counted.frame AND s.sequence = counted.sequence""";

    /** RUNNING, WAITING and PAUSED steps of an open run end FAILED, whoever holds them. */
    private static final String FAIL_OPEN_STEPS = """
            UPDATE state_executions
               SET status = 'FAILED', output = NULL, error = ?, cause = ?, next_state = NULL, next_not_before = NULL,
                   retries = NULL, finished_at = ?, lease_until = NULL
             WHERE run_id = ? AND status IN ('RUNNING', 'WAITING', 'PAUSED')
               AND EXISTS (SELECT 1 FROM runs WHERE id = ? AND status IN ('QUEUED', 'RUNNING'))""";

    /**
     * The abandoned steps of a run that failed because of them, claimable again: a step that had forked goes back to
     * WAITING (its branches kept their state; its join, or its branches' next messages, take it on); any other goes
     * back to RUNNING with no lease and a fresh start time, so the redriven message's claim takes it over at once
     * (counting one more attempt) and the sweeper does not take it for stalled before that message arrives.
     */
    private static final String REOPEN_ABANDONED_STEPS = """
            UPDATE state_executions
               SET status = CASE WHEN branches IS NULL THEN 'RUNNING' ELSE 'WAITING' END,
                   started_at = CASE WHEN branches IS NULL THEN ? ELSE started_at END,
                   error = NULL, cause = NULL, finished_at = NULL, lease_until = NULL
             WHERE run_id = ? AND status = 'FAILED' AND error = ?
               AND EXISTS (SELECT 1 FROM runs WHERE id = ? AND status = 'FAILED' AND error = ?)""";

    private static final String REOPEN_RUN = """
            UPDATE runs SET status = 'RUNNING', output = NULL, error = NULL, cause = NULL, finished_at = NULL
             WHERE id = ? AND status = 'FAILED' AND error = ?""";

    private RunCancelStatements() {
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static int abortOpenBranches(Connection connection, UUID runId, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ABORT_OPEN_BRANCHES)) {
            statement.setObject(1, at(now));
            statement.setObject(2, runId);
            statement.setObject(3, runId);
            statement.setObject(4, runId);
            return statement.executeUpdate();
        }
    }

    static int failOpenSteps(Connection connection, UUID runId, String error, String cause, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FAIL_OPEN_STEPS)) {
            statement.setString(1, error);
            statement.setString(2, cause);
            statement.setObject(3, at(now));
            statement.setObject(4, runId);
            statement.setObject(5, runId);
            return statement.executeUpdate();
        }
    }

    static int reopenAbandonedSteps(Connection connection, UUID runId, String error, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(REOPEN_ABANDONED_STEPS)) {
            statement.setObject(1, at(now));
            statement.setObject(2, runId);
            statement.setString(3, error);
            statement.setObject(4, runId);
            statement.setString(5, error);
            return statement.executeUpdate();
        }
    }

    static int reopenRun(Connection connection, UUID runId, String error) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(REOPEN_RUN)) {
            statement.setObject(1, runId);
            statement.setString(2, error);
            return statement.executeUpdate();
        }
    }
}

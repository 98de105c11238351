package io.hookrun.runhistory;

import io.hookrun.core.run.RunCursor;
import io.hookrun.core.run.RunQuery;
import io.micronaut.data.jdbc.runtime.JdbcOperations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The keyset-paged run list ({@link JdbcRunHistory#listRuns}): {@code (created_at, id) < (:createdAt, :id)} after a
 * cursor, {@code ORDER BY created_at DESC, id DESC LIMIT limit + 1} (the extra row says whether a next page exists),
 * never OFFSET, so a page costs the same wherever it is and runs created meanwhile never shift it.
 *
 * <p>The statement names only the filters the query sets. A fixed statement with {@code (? IS NULL OR trigger_id = ?)}
 * for every filter would be one prepared statement, but once PostgreSQL switches it to a generic plan (after five
 * executions, https://www.postgresql.org/docs/current/sql-prepare.html) that plan cannot pick the index of the filter
 * actually set; each shape here has its own plan, served by an index of V6 ({@code runs_<filter>_page}).
 */
final class RunListStatement {

    private RunListStatement() {
    }

    /** The rows of one page plus, when there is a next page, one more. */
    static List<RunRow> list(Connection connection, JdbcOperations jdbc, RunQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM runs WHERE TRUE");
        List<Object> values = new ArrayList<>();
        if (query.triggerId() != null) {
            sql.append(" AND trigger_id = ?");
            values.add(query.triggerId());
        }
        if (query.workflowId() != null) {
            sql.append(" AND workflow_id = ?");
            values.add(query.workflowId());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            values.add(query.status().name());
        }
        if (query.from() != null) {
            sql.append(" AND created_at >= ?");
            values.add(at(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND created_at < ?");
            values.add(at(query.to()));
        }
        RunCursor after = query.after();
        if (after != null) {
            // A row comparison: the index on (..., created_at DESC, id DESC) is read from the cursor on.
            sql.append(" AND (created_at, id) < (?, ?)");
            values.add(at(after.createdAt()));
            values.add(after.id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        values.add(query.limit() + 1);
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                select.setObject(i + 1, values.get(i));
            }
            try (ResultSet rows = select.executeQuery();
                 Stream<RunRow> mapped = jdbc.entityStream(rows, RunRow.class)) {
                return mapped.toList();
            }
        }
    }

    /**
     * As a {@code timestamptz} parameter. The cursor's instant comes from a row read back (microseconds, as
     * PostgreSQL stores them), so it binds to exactly the stored value; a caller's instant with nanoseconds is rounded
     * by PostgreSQL the way the stored values were.
     */
    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

package io.hookrun.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * RunSweeperFunction's floor: the SQS client built at init (the sweeper re-sends step messages with it), and the one
 * query a sweep with nothing stalled makes (RUNNING runs without progress for 30 minutes; the real one also looks at
 * leases, waits and callbacks). Answers the counts the
 * sweeper answers.
 */
public class PlainRunSweeperHandler implements RequestHandler<Map<String, Object>, Map<String, Integer>> {

    private static final Duration STALE_AFTER = Duration.ofMinutes(30);

    private final SqsClient sqs = BaselineClients.sqs();

    @Override
    public Map<String, Integer> handleRequest(Map<String, Object> event, Context context) {
        int stalled = 0;
        try (Connection connection = BaselineClients.database();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT * FROM runs r WHERE r.status = 'RUNNING' AND r.created_at < ? AND NOT EXISTS ("
                             + "SELECT 1 FROM state_executions s WHERE s.run_id = r.id"
                             + " AND (s.started_at >= ? OR s.finished_at >= ?)) ORDER BY r.created_at, r.id LIMIT 100")) {
            Timestamp progressBefore = Timestamp.from(Instant.now().minus(STALE_AFTER));
            query.setTimestamp(1, progressBefore);
            query.setTimestamp(2, progressBefore);
            query.setTimestamp(3, progressBefore);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stalled++;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("the sweep query failed", e);
        }
        return Map.of("stalled", stalled, "resumed", 0, "ended", 0, "failed", stalled);
    }
}

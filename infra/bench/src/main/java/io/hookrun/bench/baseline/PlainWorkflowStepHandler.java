package io.hookrun.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The workflow-step function's floor for an accepted event: both SDK clients built at init; per record, the run
 * looked up in PostgreSQL and, when it is new, the workflow read from DynamoDB (GetItem) and the run inserted (FAILED
 * when the workflow does not exist, otherwise RUNNING with its first step sent to the queue), then read back, as
 * WorkflowStepFunction's RunStarter does. A record that fails is reported in {@code batchItemFailures}.
 */
public class PlainWorkflowStepHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final JsonFactory JSON = new JsonFactory();

    private final DynamoDbClient dynamoDb = BaselineClients.dynamoDb();
    private final SqsClient sqs = BaselineClients.sqs();
    private final String table = BaselineClients.required("HOOKRUN_TABLE_NAME");
    private final String queueUrl = BaselineClients.required("HOOKRUN_STEPS_QUEUE_URL");
    private Connection connection;

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            try {
                start(fields(record.getBody()));
            } catch (IOException | SQLException | RuntimeException e) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private void start(Map<String, String> cloudEvent) throws SQLException {
        UUID runId = UUID.fromString(cloudEvent.get("hookrunrunid"));
        if (status(runId) != null) {
            return;
        }
        String workflowId = cloudEvent.get("hookrunworkflowid");
        Map<String, AttributeValue> workflow = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("workflow#" + workflowId))).consistentRead(true)).item();
        boolean exists = workflow != null && !workflow.isEmpty();
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement insert = connection().prepareStatement("""
                INSERT INTO runs (id, trigger_id, workflow_id, event_id, status, error,
                                  created_at, started_at, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""")) {
            insert.setObject(1, runId);
            insert.setString(2, cloudEvent.get("hookruntriggerid"));
            insert.setString(3, workflowId);
            insert.setString(4, cloudEvent.get("id"));
            insert.setString(5, exists ? "RUNNING" : "FAILED");
            insert.setString(6, exists ? null : "hookrun.WorkflowNotFound");
            insert.setTimestamp(7, now);
            insert.setTimestamp(8, now);
            insert.setTimestamp(9, exists ? null : now);
            insert.executeUpdate();
        }
        if ("RUNNING".equals(status(runId))) {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"runId\":\"" + runId + "\",\"sequence\":0}"));
        }
    }

    private String status(UUID runId) throws SQLException {
        try (PreparedStatement select = connection().prepareStatement("SELECT status FROM runs WHERE id = ?")) {
            select.setObject(1, runId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = BaselineClients.database();
        }
        return connection;
    }

    /** The CloudEvent's top-level string attributes (its {@code data} is skipped). */
    private static Map<String, String> fields(String body) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() == JsonToken.VALUE_STRING) {
                    fields.put(name, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        }
        return fields;
    }
}

package io.hookrun.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

/**
 * The admin function's floor for {@code GET /admin/runs?triggerId=&limit=}: the DynamoDB client built at init (the
 * admin function builds it for workflows and triggers), then the runs listed from PostgreSQL, newest first, with the
 * same query, written as JSON.
 */
public class PlainAdminHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final JsonFactory JSON = new JsonFactory();

    @SuppressWarnings("unused") // built at init as the admin function builds it; this route does not use it
    private final DynamoDbClient dynamoDb = BaselineClients.dynamoDb();

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of()
                : event.getQueryStringParameters();
        int limit = Math.clamp(Integer.parseInt(query.getOrDefault("limit", "20")), 1, 100);
        try (Connection connection = BaselineClients.database();
             PreparedStatement select = connection.prepareStatement("""
                SELECT id, trigger_id, workflow_id, event_id, status, created_at FROM runs
                WHERE (CAST(? AS TEXT) IS NULL OR trigger_id = ?)
                ORDER BY created_at DESC, id DESC LIMIT ?""")) {
            select.setString(1, query.get("triggerId"));
            select.setString(2, query.get("triggerId"));
            select.setInt(3, limit);
            StringWriter body = new StringWriter();
            try (ResultSet rows = select.executeQuery(); JsonGenerator json = JSON.createGenerator(body)) {
                json.writeStartObject();
                json.writeArrayFieldStart("runs");
                while (rows.next()) {
                    json.writeStartObject();
                    json.writeStringField("runId", rows.getString("id"));
                    json.writeStringField("triggerId", rows.getString("trigger_id"));
                    json.writeStringField("workflowId", rows.getString("workflow_id"));
                    json.writeStringField("eventId", rows.getString("event_id"));
                    json.writeStringField("status", rows.getString("status"));
                    json.writeStringField("createdAt", rows.getTimestamp("created_at").toInstant().toString());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            return PlainResponses.json(200, body.toString());
        } catch (Exception e) {
            return PlainResponses.json(503, "{\"title\":\"Temporarily unavailable\",\"status\":503}");
        }
    }
}

package io.hookrun.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The health function's floor: both SDK clients built at init; liveness answers without I/O; readiness makes the
 * three calls HealthFunction makes, side by side: DescribeTable, GetQueueAttributes and {@code SELECT 1}.
 */
public class PlainHealthHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final DynamoDbClient dynamoDb = BaselineClients.dynamoDb();
    private final SqsClient sqs = BaselineClients.sqs();
    private final String table = BaselineClients.required("HOOKRUN_TABLE_NAME");
    private final String queueUrl = BaselineClients.required("HOOKRUN_STEPS_QUEUE_URL");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String path = event.getRawPath() == null ? "" : event.getRawPath();
        if (path.endsWith("/health/liveness")) {
            return PlainResponses.json(200, "{\"status\":\"UP\"}");
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Boolean> table = CompletableFuture.supplyAsync(() -> up(() ->
                    dynamoDb.describeTable(r -> r.tableName(this.table)).table() != null), executor);
            CompletableFuture<Boolean> queue = CompletableFuture.supplyAsync(() -> up(() ->
                    sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)) != null), executor);
            CompletableFuture<Boolean> database = CompletableFuture.supplyAsync(() -> up(PlainHealthHandler::selectOne),
                    executor);
            boolean up = table.get(2, TimeUnit.SECONDS) && queue.get(2, TimeUnit.SECONDS)
                    && database.get(2, TimeUnit.SECONDS);
            return PlainResponses.json(up ? 200 : 503, "{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}");
        } catch (Exception e) {
            return PlainResponses.json(503, "{\"status\":\"DOWN\"}");
        }
    }

    private static boolean selectOne() throws Exception {
        try (Connection connection = BaselineClients.database(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT 1")) {
            return result.next();
        }
    }

    private static boolean up(Callable<Boolean> check) {
        try {
            return check.call();
        } catch (Exception e) {
            return false;
        }
    }
}

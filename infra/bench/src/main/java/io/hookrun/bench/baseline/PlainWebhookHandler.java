package io.hookrun.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Map;

/**
 * The webhook function's floor: both SDK clients built at init, then the trigger read (GetItem, consistent) and, for
 * a known trigger, the event sent to the steps queue. An unknown trigger is answered 404, as WebhookFunction does.
 */
public class PlainWebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final DynamoDbClient dynamoDb = BaselineClients.dynamoDb();
    private final SqsClient sqs = BaselineClients.sqs();
    private final String table = BaselineClients.required("HOOKRUN_TABLE_NAME");
    private final String queueUrl = BaselineClients.required("HOOKRUN_STEPS_QUEUE_URL");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String triggerId = event.getPathParameters() == null ? "" : event.getPathParameters().get("triggerId");
        Map<String, AttributeValue> trigger = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("trigger#" + triggerId))).consistentRead(true)).item();
        if (trigger == null || trigger.isEmpty()) {
            return PlainResponses.json(404, "{\"type\":\"about:blank\",\"title\":\"Unknown trigger\",\"status\":404}");
        }
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(event.getBody()));
        return PlainResponses.json(202, "{\"status\":\"QUEUED\"}");
    }
}

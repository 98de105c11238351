package io.hookrun.idempotency;

import io.hookrun.config.HookrunConfiguration;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Delivery claims in DynamoDB. A claim is one conditional PutItem; when the condition fails, DynamoDB
 * returns the existing item in the same request (ReturnValuesOnConditionCheckFailure), so a duplicate costs
 * one request. Times are stored as epoch seconds ({@code expiresAt}, the TTL attribute) and epoch milliseconds
 * ({@code leaseExpiresAtMs}); the unit is in the name because mixing them once left Powertools users with
 * records stuck IN_PROGRESS (powertools-lambda-java #1285).
 */
@Singleton
public class DynamoDbIdempotencyStore implements IdempotencyStore {

    private static final String CLAIMABLE = "attribute_not_exists(pk)"
            + " OR (#status = :inProgress AND leaseExpiresAtMs < :nowMs)"
            + " OR expiresAt < :nowSeconds";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbIdempotencyStore(DynamoDbClient dynamoDb, HookrunConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.table = config.requiredTableName();
    }

    @Override
    public ClaimResult claim(DeliveryKey key, String proposedRunId, String claimToken, String payloadHash,
                             Instant now, Instant leaseExpiresAt, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(key.partitionKey()));
        item.put("status", s(DeliveryRecord.Status.IN_PROGRESS.name()));
        item.put("runId", s(proposedRunId));
        item.put("claimToken", s(claimToken));
        item.put("leaseExpiresAtMs", n(leaseExpiresAt.toEpochMilli()));
        item.put("expiresAt", n(expiresAt.getEpochSecond()));
        item.put("payloadHash", s(payloadHash));
        try {
            PutItemResponse response = dynamoDb.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression(CLAIMABLE)
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":inProgress", s(DeliveryRecord.Status.IN_PROGRESS.name()),
                            ":nowMs", n(now.toEpochMilli()),
                            ":nowSeconds", n(now.getEpochSecond())))
                    .returnValues(ReturnValue.ALL_OLD)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new ClaimResult.Claimed(takeOverRunId(key, response.attributes(), proposedRunId, claimToken, now),
                    claimToken);
        } catch (ConditionalCheckFailedException e) {
            return new ClaimResult.Existing(toRecord(key, e.item()));
        }
    }

    /**
     * When the claim replaced an IN_PROGRESS record whose lease expired (not a record past its retention),
     * its invocation may have queued the event before dying: keep its run id so both copies name one run.
     */
    private String takeOverRunId(DeliveryKey key, Map<String, AttributeValue> old, String proposedRunId,
                                 String claimToken, Instant now) {
        if (old == null || old.isEmpty() || !DeliveryRecord.Status.IN_PROGRESS.name().equals(old.get("status").s())
                || Long.parseLong(old.get("expiresAt").n()) < now.getEpochSecond()) {
            return proposedRunId;
        }
        String previousRunId = old.get("runId").s();
        dynamoDb.updateItem(r -> r.tableName(table).key(Map.of("pk", s(key.partitionKey())))
                .updateExpression("SET runId = :runId")
                .conditionExpression("claimToken = :token")
                .expressionAttributeValues(Map.of(":runId", s(previousRunId), ":token", s(claimToken))));
        return previousRunId;
    }

    @Override
    public boolean complete(DeliveryKey key, String claimToken, int responseStatus, String responseBody) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(Map.of("pk", s(key.partitionKey())))
                    .updateExpression("SET #status = :completed, responseStatus = :responseStatus,"
                            + " responseBody = :responseBody REMOVE claimToken, leaseExpiresAtMs")
                    .conditionExpression("claimToken = :token")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":completed", s(DeliveryRecord.Status.COMPLETED.name()),
                            ":responseStatus", n(responseStatus),
                            ":responseBody", s(responseBody),
                            ":token", s(claimToken))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean release(DeliveryKey key, String claimToken) {
        try {
            dynamoDb.deleteItem(r -> r.tableName(table).key(Map.of("pk", s(key.partitionKey())))
                    .conditionExpression("claimToken = :token")
                    .expressionAttributeValues(Map.of(":token", s(claimToken))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static DeliveryRecord toRecord(DeliveryKey key, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            throw new IllegalStateException("DynamoDB refused the claim but returned no item");
        }
        return new DeliveryRecord(key,
                DeliveryRecord.Status.valueOf(item.get("status").s()),
                item.get("runId").s(),
                item.containsKey("claimToken") ? item.get("claimToken").s() : null,
                item.containsKey("leaseExpiresAtMs") ? Instant.ofEpochMilli(Long.parseLong(item.get("leaseExpiresAtMs").n())) : null,
                Instant.ofEpochSecond(Long.parseLong(item.get("expiresAt").n())),
                item.get("payloadHash").s(),
                item.containsKey("responseStatus") ? Integer.parseInt(item.get("responseStatus").n()) : 0,
                item.containsKey("responseBody") ? item.get("responseBody").s() : null);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}

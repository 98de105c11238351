package io.hookrun.aws.dynamodb;

import io.hookrun.core.idempotency.IdempotencyStore;
import io.hookrun.core.idempotency.DeliveryRecord;
import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.core.idempotency.ClaimResult;
import io.hookrun.core.config.HookrunConfiguration;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Delivery claims in DynamoDB. A claim is one conditional PutItem that succeeds only when the key is absent or
 * past its retention; when the condition fails, DynamoDB returns the existing item in the same request
 * (ReturnValuesOnConditionCheckFailure), so a duplicate costs one request.
 * <p>
 * Taking over a claim whose holder died costs a second request: when the returned item is IN_PROGRESS, its
 * lease has expired and its payload hash is ours, one UpdateItem replaces only its claim token and lease (and
 * refreshes its retention), conditioned on the claim token just read and the lease still being expired. The
 * run id is never rewritten, so every copy of the delivery names the same run; of two copies taking over at
 * once exactly one wins and the other is handed the winner's item. A claim with another payload hash is never
 * taken over: it is returned as it is, and becomes a payload mismatch. If the item vanished between the two
 * requests (TTL deleted it once its retention ended), the claim starts again from the PutItem.
 * <p>
 * A holder whose work failed never deletes its item: {@link #abandon} ends its lease and keeps its run id, so the
 * retry takes it over at once and names the same run (see {@code DeliveryClaims}).
 * <p>
 * Times are stored as epoch seconds ({@code expiresAt}, the TTL attribute) and epoch milliseconds
 * ({@code leaseExpiresAtMs}); the unit is in the name because mixing them once left Powertools users with
 * records stuck IN_PROGRESS (powertools-lambda-java #1285).
 */
@Singleton
public class DynamoDbIdempotencyStore implements IdempotencyStore {

    private static final String ABSENT_OR_EXPIRED = "attribute_not_exists(pk) OR expiresAt < :nowSeconds";
    private static final String STILL_THE_DEAD_CLAIM = "claimToken = :oldToken AND leaseExpiresAtMs < :nowMs";
    /** PutItem then UpdateItem, again only when the item vanished in between: more means sustained churn. */
    private static final int MAX_ATTEMPTS = 3;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbIdempotencyStore(DynamoDbClient dynamoDb, HookrunConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.table = config.requiredTableName();
    }

    @Override
    public ClaimResult claim(DeliveryKey key, String proposedRunId, String claimToken, String payloadHash,
                             Instant now, Instant leaseExpiresAt, Instant expiresAt) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            DeliveryRecord existing;
            try {
                putNewClaim(key, proposedRunId, claimToken, payloadHash, now, leaseExpiresAt, expiresAt);
                return new ClaimResult.Claimed(proposedRunId, claimToken);
            } catch (ConditionalCheckFailedException e) {
                existing = toRecord(key, e.item());
            }
            if (!canTakeOver(existing, payloadHash, now)) {
                return new ClaimResult.Existing(existing);
            }
            Optional<ClaimResult> takeover = takeOver(key, existing, claimToken, now, leaseExpiresAt, expiresAt);
            if (takeover.isPresent()) {
                return takeover.get();
            }
        }
        throw new IllegalStateException("delivery " + key + " kept vanishing and reappearing while being claimed");
    }

    private void putNewClaim(DeliveryKey key, String runId, String claimToken, String payloadHash,
                             Instant now, Instant leaseExpiresAt, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(key.partitionKey()));
        item.put("status", s(DeliveryRecord.Status.IN_PROGRESS.name()));
        item.put("runId", s(runId));
        item.put("claimToken", s(claimToken));
        item.put("leaseExpiresAtMs", n(leaseExpiresAt.toEpochMilli()));
        item.put("expiresAt", n(expiresAt.getEpochSecond()));
        item.put("payloadHash", s(payloadHash));
        dynamoDb.putItem(r -> r.tableName(table).item(item)
                .conditionExpression(ABSENT_OR_EXPIRED)
                .expressionAttributeValues(Map.of(":nowSeconds", n(now.getEpochSecond())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
    }

    /** An IN_PROGRESS claim of this very payload whose lease ended strictly before now (in stored milliseconds). */
    private static boolean canTakeOver(DeliveryRecord existing, String payloadHash, Instant now) {
        return existing.status() == DeliveryRecord.Status.IN_PROGRESS
                && existing.claimToken() != null
                && existing.leaseExpiresAt() != null
                && existing.leaseExpiresAt().toEpochMilli() < now.toEpochMilli()
                && existing.payloadHash().equals(payloadHash);
    }

    /**
     * Swaps the dead holder's claim token for ours in one conditional UpdateItem, keeping its run id: its
     * invocation may have queued the event before dying, and the run id lets the workflow side drop the second
     * copy. Empty when the item is gone, so the caller claims afresh.
     */
    private Optional<ClaimResult> takeOver(DeliveryKey key, DeliveryRecord dead, String claimToken, Instant now,
                                           Instant leaseExpiresAt, Instant expiresAt) {
        try {
            UpdateItemResponse response = dynamoDb.updateItem(r -> r.tableName(table)
                    .key(Map.of("pk", s(key.partitionKey())))
                    .updateExpression("SET claimToken = :token, leaseExpiresAtMs = :lease, expiresAt = :expiresAt")
                    .conditionExpression(STILL_THE_DEAD_CLAIM)
                    .expressionAttributeValues(Map.of(
                            ":token", s(claimToken),
                            ":lease", n(leaseExpiresAt.toEpochMilli()),
                            ":expiresAt", n(expiresAt.getEpochSecond()),
                            ":oldToken", s(dead.claimToken()),
                            ":nowMs", n(now.toEpochMilli())))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.of(new ClaimResult.Claimed(response.attributes().get("runId").s(), claimToken));
        } catch (ConditionalCheckFailedException e) {
            // Another copy took it over, the holder completed it, or TTL deleted it, since the PutItem.
            Map<String, AttributeValue> current = e.item();
            return current == null || current.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new ClaimResult.Existing(toRecord(key, current)));
        }
    }

    @Override
    public boolean complete(DeliveryKey key, String claimToken, int responseStatus, String responseBody) {
        Objects.requireNonNull(responseBody, "responseBody must not be null: it is the answer replayed to duplicates");
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

    /**
     * One conditional UpdateItem that moves only the lease end to {@code now}: the item keeps its run id, payload hash
     * and claim token, so the next copy takes it over through {@link #claim} like a dead holder's claim. The
     * condition on the claim token also keeps UpdateItem from creating an item for an absent key.
     */
    @Override
    public boolean abandon(DeliveryKey key, String claimToken, Instant now) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(Map.of("pk", s(key.partitionKey())))
                    .updateExpression("SET leaseExpiresAtMs = :nowMs")
                    .conditionExpression("claimToken = :token")
                    .expressionAttributeValues(Map.of(
                            ":nowMs", n(now.toEpochMilli()),
                            ":token", s(claimToken))));
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

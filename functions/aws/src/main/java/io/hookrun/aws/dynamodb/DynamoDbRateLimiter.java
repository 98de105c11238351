package io.hookrun.aws.dynamodb;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.ratelimit.CellRate;
import io.hookrun.core.ratelimit.RateLimitDecision;
import io.hookrun.core.ratelimit.RateLimiter;
import io.hookrun.core.trigger.RateLimit;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GCRA buckets ({@link RateLimiter}) in the hookrun table, one item per trigger: {@code pk = ratelimit#<triggerId>},
 * its theoretical arrival time {@code tatMicros} (epoch microseconds) and {@code expiresAt} (epoch seconds, the
 * table's TTL attribute, as for delivery claims) set past the moment the bucket is full again, so that idle buckets
 * vanish; a vanished bucket and a full one mean the same.
 * <p>
 * Each event is one conditional UpdateItem, so the limit is exact across every concurrent Lambda instance: DynamoDB
 * applies conditional writes to one item one at a time, and an event is admitted only if its own write succeeded.
 * <ul>
 *   <li>A busy bucket (TAT not before now): {@code SET tatMicros = tatMicros + interval} if
 *       {@code tatMicros BETWEEN now AND now + tolerance}.</li>
 *   <li>An idle or absent bucket (TAT before now): {@code SET tatMicros = now + interval} if
 *       {@code attribute_not_exists(tatMicros) OR tatMicros < now}.</li>
 * </ul>
 * A failed condition returns the item as it is (ReturnValuesOnConditionCheckFailure ALL_OLD, no extra read): a TAT
 * past the tolerance is a refusal, whose Retry-After is how long until it is back within it; otherwise the other form
 * is the right one and is sent. Which form goes first is guessed from the TAT this instance saw last for the trigger,
 * so a steady sender costs one request per event, and a bucket whose state this instance guessed wrong costs two.
 * Nothing is written when the answer is a refusal (the failed write costs its write unit all the same). A DynamoDB
 * failure propagates: it is an outage (503), never a 429.
 */
@Singleton
public class DynamoDbRateLimiter implements RateLimiter {

    public static final String KEY_PREFIX = "ratelimit#";
    private static final String BUSY_UPDATE = "SET tatMicros = tatMicros + :interval, expiresAt = :expiresAt";
    private static final String BUSY_CONDITION = "tatMicros BETWEEN :now AND :limit";
    private static final String IDLE_UPDATE = "SET tatMicros = :nextTat, expiresAt = :expiresAt";
    private static final String IDLE_CONDITION = "attribute_not_exists(tatMicros) OR tatMicros < :now";
    /** Busy, idle, busy: the TAT only grows while {@code now} is fixed, so the third attempt always decides. */
    private static final int MAX_ATTEMPTS = 3;
    /** Guesses kept for at most this many triggers; forgetting one only costs one more request. */
    private static final int MAX_REMEMBERED = 10_000;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Map<String, Long> lastSeenTat = new ConcurrentHashMap<>();

    public DynamoDbRateLimiter(DynamoDbClient dynamoDb, HookrunConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.table = config.requiredTableName();
    }

    @Override
    public RateLimitDecision acquire(String triggerId, RateLimit limit, Instant now) {
        CellRate rate = CellRate.of(limit);
        long nowMicros = CellRate.micros(now);
        long limitMicros = nowMicros + rate.toleranceMicros();
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(KEY_PREFIX + triggerId));
        // The largest TAT this write can leave, rounded up to a second, and one more: the bucket is full from then on.
        long expiresAt = Math.ceilDiv(limitMicros + rate.intervalMicros(), 1_000_000L) + 1;
        Long seen = lastSeenTat.get(triggerId);
        boolean busy = seen == null || seen >= nowMicros;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> current;
            try {
                Map<String, AttributeValue> updated = busy
                        ? update(key, BUSY_UPDATE, BUSY_CONDITION, Map.of(":interval", n(rate.intervalMicros()),
                                ":now", n(nowMicros), ":limit", n(limitMicros), ":expiresAt", n(expiresAt)))
                        : update(key, IDLE_UPDATE, IDLE_CONDITION, Map.of(":nextTat", n(nowMicros + rate.intervalMicros()),
                                ":now", n(nowMicros), ":expiresAt", n(expiresAt)));
                remember(triggerId, tat(updated));
                return RateLimitDecision.ALLOWED;
            } catch (ConditionalCheckFailedException e) {
                current = e.item();
            }
            Long tat = tat(current);
            remember(triggerId, tat);
            if (tat != null && tat > limitMicros) {
                return new RateLimitDecision.Limited(Duration.ofNanos((tat - limitMicros) * 1000));
            }
            busy = tat != null && tat >= nowMicros;
        }
        throw new IllegalStateException("rate limit bucket of trigger " + triggerId + " changed form "
                + MAX_ATTEMPTS + " times at one instant");
    }

    private Map<String, AttributeValue> update(Map<String, AttributeValue> key, String update, String condition,
                                               Map<String, AttributeValue> values) {
        return dynamoDb.updateItem(r -> r.tableName(table).key(key)
                .updateExpression(update).conditionExpression(condition).expressionAttributeValues(values)
                .returnValues(ReturnValue.UPDATED_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
    }

    private void remember(String triggerId, Long tat) {
        if (tat == null) {
            lastSeenTat.remove(triggerId);
            return;
        }
        if (lastSeenTat.size() >= MAX_REMEMBERED && !lastSeenTat.containsKey(triggerId)) {
            lastSeenTat.clear();
        }
        lastSeenTat.put(triggerId, tat);
    }

    private static Long tat(Map<String, AttributeValue> item) {
        return item == null || !item.containsKey("tatMicros") ? null : Long.parseLong(item.get("tatMicros").n());
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}

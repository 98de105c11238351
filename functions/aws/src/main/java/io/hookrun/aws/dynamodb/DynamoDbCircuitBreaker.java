package io.hookrun.aws.dynamodb;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.outbound.BreakerSettings;
import io.hookrun.core.outbound.BreakerState;
import io.hookrun.core.outbound.CircuitBreaker;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@link CircuitBreaker}s in the hookrun table, one item per host ({@code pk = breaker#<host>}), so that every
 * concurrent invocation of every function instance sees the same breaker (docs/adr/0007, "Circuit breakers"). The
 * rules are {@link BreakerState}'s; this class only makes each transition one conditional write, so concurrent
 * writers cannot undo each other:
 * <ul>
 *   <li>Counting (closed): {@code ADD calls, failures} if the item is closed and its {@code windowStart} is the current
 *       window; else the window is restarted with {@code SET} if the stored one is older. Both return the new counts
 *       (no extra read); a failure that trips the breaker then opens it with {@code SET openUntil} if it is still
 *       closed, so it opens once however many invocations see the trip at once.</li>
 *   <li>Half-open: the call that asks first after {@code openUntil} sets {@code probeUntil} on the condition that no
 *       probe is out (or the last one was given up): exactly one invocation wins the probe.</li>
 *   <li>The probe's outcome closes (or re-opens) the breaker on the condition that it is still the opening the probe
 *       was let through for ({@code openUntil} unchanged).</li>
 * </ul>
 * Times are epoch milliseconds; {@code expiresAt} (epoch seconds, the table's TTL attribute) lets an idle host's item
 * vanish a day after its last call, which is the same as a closed breaker. A permit costs one strongly consistent read
 * (plus a write for a probe), an outcome one write (two when it opens the breaker or starts a window).
 *
 * <p>When DynamoDB fails, the breaker fails open: the call goes and the failure is logged. The breaker protects the
 * downstream; it must not stop hookrun when its own table is unreachable.
 *
 * <p>{@link #open} must not Scan the table (its cost grows with every delivery claim, and a Scan cannot be bound to
 * key prefixes by {@code dynamodb:LeadingKeys}). So the open hosts are also listed in one index item,
 * {@value #OPEN_INDEX_KEY} (a key no host can have: a host never contains {@code #}), string set {@code hosts}:
 * {@code ADD} after each opening and re-opening, {@code DELETE} after each closing. Those are second writes, not a
 * transaction with the transition: a transaction on the breaker item would be cancelled by the concurrent counting
 * writes of the very burst of failures that opens it (DynamoDB cancels a transaction when an item it holds is written
 * outside it). So the index is a hint, read back with each listed host's own item: a host whose {@code DELETE} was
 * lost (or whose item expired while open) is listed but its item is not open, and is skipped; a lost {@code ADD} is
 * made again by the next re-opening, at most {@link BreakerSettings#openFor()} later while the host keeps failing.
 * The index item and the breaker items are both under {@code breaker#}, so the policies that name that prefix
 * cover it.
 */
@Singleton
public class DynamoDbCircuitBreaker implements CircuitBreaker {

    public static final String KEY_PREFIX = "breaker#";
    /** The item listing the hosts whose breaker is open (string set {@code hosts}); see the class comment. */
    public static final String OPEN_INDEX_KEY = KEY_PREFIX + "#open";
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbCircuitBreaker.class);
    private static final Duration RETENTION = Duration.ofDays(1);
    /** Count in the window, restart the window, count again: after that another writer keeps winning; give up. */
    private static final int MAX_COUNT_ATTEMPTS = 3;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final BreakerSettings settings;

    @Inject
    public DynamoDbCircuitBreaker(DynamoDbClient dynamoDb, HookrunConfiguration config) {
        this(dynamoDb, config, BreakerSettings.DEFAULT);
    }

    public DynamoDbCircuitBreaker(DynamoDbClient dynamoDb, HookrunConfiguration config, BreakerSettings settings) {
        this.dynamoDb = dynamoDb;
        this.table = config.requiredTableName();
        this.settings = settings;
    }

    @Override
    public Permit permit(String host, Instant now) {
        try {
            Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(key(host))
                    .consistentRead(true)).item();
            BreakerState state = state(item);
            BreakerState.Decision decision = state.permit(settings, now);
            if (!(decision.permit() instanceof Permit.Probe)) {
                return decision.permit();
            }
            try {
                update(host, "SET probeUntil = :probeUntil, expiresAt = :expiresAt",
                        "openUntil = :openUntil AND (attribute_not_exists(probeUntil) OR probeUntil <= :now)",
                        Map.of(":probeUntil", millis(decision.next().probeUntil()), ":openUntil", millis(state.openUntil()),
                                ":now", millis(now), ":expiresAt", expiresAt(now)));
                return decision.permit();
            } catch (ConditionalCheckFailedException e) {
                // another invocation took the probe (or its outcome already closed the breaker)
                BreakerState current = state(e.item());
                return current.isOpen() ? new Permit.Open(current.retryAt()) : new Permit.Closed();
            }
        } catch (SdkException e) {
            LOG.warn("circuit breaker of {} unreadable, the call goes (fail open): {}", host, e.toString());
            return new Permit.Closed();
        }
    }

    @Override
    public void record(String host, boolean failed, Instant now) {
        try {
            BreakerState state = count(host, failed, now);
            if (state == null) {
                return;
            }
            if (state.isOpen()) {
                recordWhileOpen(host, state, failed, now);
            } else if (failed && BreakerState.trips(settings, state.calls(), state.failures())) {
                BreakerState opened = state.opened(settings, now);
                try {
                    update(host, "SET openedAt = :openedAt, openUntil = :openUntil, expiresAt = :expiresAt REMOVE probeUntil",
                            "attribute_not_exists(openUntil)", Map.of(":openedAt", millis(now),
                                    ":openUntil", millis(opened.openUntil()), ":expiresAt", expiresAt(now)));
                    LOG.warn("circuit breaker of {} opened: {} of {} calls failed since {}; next call at {}", host,
                            state.failures(), state.calls(), Instant.ofEpochMilli(state.windowStart()), opened.openUntil());
                } catch (ConditionalCheckFailedException e) {
                    return; // another invocation opened it first, and lists it
                }
                index(host, "ADD");
            }
        } catch (SdkException e) {
            LOG.warn("circuit breaker of {} not updated ({} call): {}", host, failed ? "failed" : "successful",
                    e.toString());
        }
    }

    /**
     * Counts the call in the current window; returns the counted (closed) state, or the open state found instead (the
     * call is then not counted: an open breaker's counts restart when it closes).
     */
    private BreakerState count(String host, boolean failed, Instant now) {
        long window = BreakerState.windowStart(settings, now);
        Map<String, AttributeValue> values = Map.of(":window", n(window), ":one", n(1), ":failed", n(failed ? 1 : 0),
                ":expiresAt", expiresAt(now));
        for (int attempt = 1; attempt <= MAX_COUNT_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> current;
            try {
                return state(update(host, "SET expiresAt = :expiresAt ADD calls :one, failures :failed",
                        "attribute_not_exists(openUntil) AND windowStart = :window", values));
            } catch (ConditionalCheckFailedException e) {
                current = e.item();
            }
            BreakerState seen = state(current);
            if (seen.isOpen()) {
                return seen;
            }
            if (current != null && !current.isEmpty() && seen.windowStart() >= window) {
                continue; // another writer started this window between our two writes: count in it
            }
            try {
                return state(update(host, "SET windowStart = :window, calls = :one, failures = :failed, expiresAt = :expiresAt",
                        "attribute_not_exists(openUntil) AND (attribute_not_exists(windowStart) OR windowStart < :window)",
                        values));
            } catch (ConditionalCheckFailedException e) {
                BreakerState again = state(e.item());
                if (again.isOpen()) {
                    return again;
                }
            }
        }
        LOG.warn("circuit breaker of {}: call not counted, the item kept changing", host);
        return null;
    }

    private void recordWhileOpen(String host, BreakerState state, boolean failed, Instant now) {
        if (state.probeUntil() == null) {
            return; // a call let through before the breaker opened: the probe decides, not it
        }
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":seenOpenUntil", millis(state.openUntil()),
                ":expiresAt", expiresAt(now)));
        try {
            if (failed) {
                BreakerState reopened = state.opened(settings, now);
                values.put(":openedAt", millis(now));
                values.put(":openUntil", millis(reopened.openUntil()));
                update(host, "SET openedAt = :openedAt, openUntil = :openUntil, expiresAt = :expiresAt REMOVE probeUntil",
                        "openUntil = :seenOpenUntil", values);
                LOG.warn("circuit breaker of {} re-opened: the probe failed; next call at {}", host, reopened.openUntil());
                index(host, "ADD"); // already listed, unless the ADD of its opening was lost
            } else {
                values.put(":window", n(BreakerState.windowStart(settings, now)));
                values.put(":zero", n(0));
                update(host, "SET windowStart = :window, calls = :zero, failures = :zero, expiresAt = :expiresAt"
                        + " REMOVE openUntil, openedAt, probeUntil", "openUntil = :seenOpenUntil", values);
                LOG.info("circuit breaker of {} closed: the probe succeeded", host);
                index(host, "DELETE");
            }
        } catch (ConditionalCheckFailedException e) {
            // another outcome decided first
        }
    }

    /**
     * The open breakers, for health checks: the hosts the index item lists ({@value #OPEN_INDEX_KEY}), each confirmed
     * by a strongly consistent read of its own item (a stale entry is skipped). Costs {@code 1 + listed hosts} reads,
     * at most {@code 1 + limit + stale entries}; never a Scan. Never on the path of a call. Unlike the rest of this
     * class it does not fail open: a health check must say that it could not read the breakers.
     */
    @Override
    public List<OpenCircuit> open(Instant now, int limit) {
        Map<String, AttributeValue> index = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(OPEN_INDEX_KEY))).consistentRead(true)).item();
        AttributeValue hosts = index == null ? null : index.get("hosts");
        List<OpenCircuit> open = new ArrayList<>();
        if (hosts == null || !hosts.hasSs()) {
            return open;
        }
        for (String host : new TreeSet<>(hosts.ss())) {
            if (open.size() >= limit) {
                break;
            }
            BreakerState state = state(dynamoDb.getItem(r -> r.tableName(table).key(key(host)).consistentRead(true)).item());
            if (state.isOpen()) {
                open.add(new OpenCircuit(host, state.openedAt(), state.retryAt()));
            }
        }
        return open;
    }

    /**
     * Lists ({@code ADD}) or unlists ({@code DELETE}) {@code host} in the index item after a transition. A failure is
     * logged and left: the transition itself stands, and the class comment says how the index heals.
     */
    private void index(String host, String operation) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(OPEN_INDEX_KEY)))
                    .updateExpression(operation + " hosts :host")
                    .expressionAttributeValues(Map.of(":host", AttributeValue.fromSs(List.of(host)))));
        } catch (SdkException e) {
            LOG.warn("circuit breaker of {}: open-breakers index not updated ({}): {}", host, operation, e.toString());
        }
    }

    private Map<String, AttributeValue> update(String host, String update, String condition,
                                               Map<String, AttributeValue> values) {
        return dynamoDb.updateItem(r -> r.tableName(table).key(key(host)).updateExpression(update)
                .conditionExpression(condition).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
    }

    private static Map<String, AttributeValue> key(String host) {
        return Map.of("pk", AttributeValue.fromS(KEY_PREFIX + host));
    }

    private static BreakerState state(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return BreakerState.CLOSED;
        }
        return new BreakerState(number(item, "windowStart"), (int) number(item, "calls"), (int) number(item, "failures"),
                instant(item, "openedAt"), instant(item, "openUntil"), instant(item, "probeUntil"));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(value.n()));
    }

    private static AttributeValue millis(Instant instant) {
        return n(instant.toEpochMilli());
    }

    private AttributeValue expiresAt(Instant now) {
        return n(now.plus(RETENTION).getEpochSecond());
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}

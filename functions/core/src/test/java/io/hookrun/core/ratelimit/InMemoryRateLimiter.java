package io.hookrun.core.ratelimit;

import io.hookrun.core.trigger.RateLimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link RateLimiter} in memory, for unit tests: the same GCRA rule as {@code DynamoDbRateLimiter} ({@link CellRate}),
 * records every call, and can be told to fail the way DynamoDB does when it is unreachable ({@link #failWith}).
 */
public final class InMemoryRateLimiter implements RateLimiter {

    private final Map<String, Long> tats = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private RuntimeException failure;

    @Override
    public synchronized RateLimitDecision acquire(String triggerId, RateLimit limit, Instant now) {
        calls.add(triggerId);
        if (failure != null) {
            throw failure;
        }
        CellRate.Step step = CellRate.of(limit).step(tats.get(triggerId), CellRate.micros(now));
        tats.put(triggerId, step.tatMicros());
        return step.admitted() ? RateLimitDecision.ALLOWED
                : new RateLimitDecision.Limited(Duration.ofNanos(step.waitMicros() * 1000));
    }

    /** Every following call throws {@code failure} (null: calls succeed again). */
    public synchronized void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** The trigger id of every call, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}

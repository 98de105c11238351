package io.hookrun.core.ratelimit;

import io.hookrun.core.trigger.RateLimit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A {@link RateLimit} in the units of GCRA, in microseconds (a trigger may allow up to 100000 events a second, one
 * every 10 µs, so milliseconds would round the rate away).
 *
 * @param intervalMicros  the emission interval: one event's share of time, {@code 1 / perSecond}, at least 1 µs
 * @param toleranceMicros how far ahead of now the TAT may be before an event is admitted: {@code (burst - 1)}
 *                        intervals, so that {@code burst} events at the same instant on a full bucket are admitted
 */
public record CellRate(long intervalMicros, long toleranceMicros) {

    public static CellRate of(RateLimit limit) {
        long interval = Math.max(1, Math.round(1_000_000d / limit.perSecond()));
        return new CellRate(interval, interval * (limit.burst() - 1L));
    }

    public static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    /**
     * The decision for a bucket whose TAT is {@code tatMicros} (null: a new or idle bucket) at {@code nowMicros}, and
     * the TAT after it; the in-memory twin and the tests use it, and {@code DynamoDbRateLimiter} applies the same rule
     * in its conditions.
     */
    public Step step(Long tatMicros, long nowMicros) {
        long tat = tatMicros == null ? nowMicros : Math.max(tatMicros, nowMicros);
        if (tat - nowMicros > toleranceMicros) {
            return new Step(false, tatMicros == null ? nowMicros : tatMicros, tat - nowMicros - toleranceMicros);
        }
        return new Step(true, tat + intervalMicros, 0);
    }

    /** One event's effect on a bucket: admitted or not, the new TAT, and for a refusal the wait in microseconds. */
    public record Step(boolean admitted, long tatMicros, long waitMicros) {
    }
}

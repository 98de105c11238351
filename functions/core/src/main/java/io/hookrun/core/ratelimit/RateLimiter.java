package io.hookrun.core.ratelimit;

import io.hookrun.core.trigger.RateLimit;

import java.time.Instant;

/**
 * Admits a trigger's events at its {@link RateLimit}: a bucket per trigger, shared by every instance of the webhook
 * function, following the generic cell rate algorithm (GCRA). The bucket holds one number, its theoretical arrival
 * time (TAT): the moment it would be full again. An event is admitted when the TAT, pushed on by one emission interval
 * ({@code 1 / perSecond}), stays within {@code burst} intervals of now; otherwise the sender is told how long to wait.
 * <p>
 * A store that cannot be reached throws (a dependency failure, answered 503): an outage is never a 429.
 */
public interface RateLimiter {

    /** Takes one event from {@code triggerId}'s bucket at {@code now}, or says when it could be taken. */
    RateLimitDecision acquire(String triggerId, RateLimit limit, Instant now);
}

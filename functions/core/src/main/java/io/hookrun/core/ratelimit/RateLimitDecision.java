package io.hookrun.core.ratelimit;

import java.time.Duration;

/** What {@link RateLimiter#acquire} decided. */
public sealed interface RateLimitDecision {

    /** The event is admitted. */
    record Allowed() implements RateLimitDecision {
    }

    /** The bucket is empty: an event sent after {@code retryAfter} (positive) is admitted if none came in between. */
    record Limited(Duration retryAfter) implements RateLimitDecision {
    }

    RateLimitDecision ALLOWED = new Allowed();
}

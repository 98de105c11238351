package io.hookrun.core.trigger;

/**
 * A trigger's admission limit: on average {@code perSecond} events, with bursts of up to {@code burst} at once.
 * Past it a sender gets 429 with Retry-After.
 */
public record RateLimit(double perSecond, int burst) {

    /** Null when valid, else what is wrong. */
    public String problem() {
        if (!(perSecond > 0) || perSecond > 100_000) {
            return "rateLimit.perSecond must be a number above 0 and at most 100000";
        }
        if (burst < 1 || burst > 100_000) {
            return "rateLimit.burst must be an integer from 1 to 100000";
        }
        return null;
    }
}

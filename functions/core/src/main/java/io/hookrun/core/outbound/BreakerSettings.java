package io.hookrun.core.outbound;

import java.time.Duration;

/**
 * When a {@link CircuitBreaker} opens and for how long; the defaults are the issue's: at least 50% failures over at
 * least 20 calls within 60 s open it, and it half-opens after 30 s.
 */
public record BreakerSettings(double failureRate, int minCalls, Duration window, Duration openFor) {

    public static final BreakerSettings DEFAULT = new BreakerSettings(0.5, 20, Duration.ofSeconds(60),
            Duration.ofSeconds(30));

    public BreakerSettings {
        if (failureRate <= 0 || failureRate > 1 || minCalls < 1 || window.isNegative() || window.isZero()
                || openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("invalid breaker settings: " + failureRate + ", " + minCalls + ", "
                    + window + ", " + openFor);
        }
    }
}

package io.hookrun.health;

import java.time.Duration;

/**
 * One component the readiness answer names: the DynamoDB table, the steps queue, its dead-letter queue, the database,
 * the circuit breakers. Each is a bean of its own, so that {@link ReadinessCheck} runs them side by side and a test
 * can put one in that hangs.
 */
public interface ReadinessProbe {

    /** The component's name in the readiness answer and the {@code Component} metric dimension (a fixed name). */
    String component();

    /**
     * Whether hookrun cannot do its job without this component: its DOWN answers readiness with 503. A non-critical
     * component that fails or hangs is reported DEGRADED (see {@link HealthStatus}).
     */
    default boolean critical() {
        return true;
    }

    /**
     * Checks the component once. May block: {@link ReadinessCheck} stops waiting after {@code timeout} and interrupts
     * it; a probe should still bound its own call by {@code timeout}, so no thread outlives the answer for long.
     *
     * @return the component's state (its latency is measured by the caller)
     * @throws RuntimeException when the component failed; the answer names the exception's class or AWS error code
     */
    ComponentHealth check(Duration timeout);
}

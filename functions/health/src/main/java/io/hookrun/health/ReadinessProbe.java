package io.hookrun.health;

import java.time.Duration;
import java.util.Optional;

/**
 * One dependency the readiness answer names: the DynamoDB table, the steps queue, the database. Each is a bean of
 * its own, so that {@link ReadinessCheck} runs them side by side and a test can put one in that hangs.
 */
public interface ReadinessProbe {

    /** The component's name in the readiness answer ({@code dynamodb}, {@code sqs}, {@code database}). */
    String component();

    /**
     * Checks the dependency once. May block: {@link ReadinessCheck} stops waiting after {@code timeout} and
     * interrupts it; a probe should still bound its own call by {@code timeout}, so no thread outlives the answer
     * for long.
     *
     * @return empty when the dependency is up, else why it is not (never a credential or a connection string)
     * @throws RuntimeException when the dependency failed; the answer names the exception's class
     */
    Optional<String> check(Duration timeout);
}

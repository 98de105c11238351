package io.hookrun.health;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Readiness settings, bound from {@code hookrun.readiness.*} (environment variable
 * {@code HOOKRUN_READINESS_TIMEOUT}).
 *
 * @param timeout how long the readiness answer waits for each dependency; they are checked in parallel, so this is
 *                also about how long the whole answer takes when one hangs. Keep it well inside HealthFunction's
 *                Lambda timeout (10 s).
 */
@ConfigurationProperties("hookrun.readiness")
public record ReadinessConfiguration(@Bindable(defaultValue = "2s") Duration timeout) {
}

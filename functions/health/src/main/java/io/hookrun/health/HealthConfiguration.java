package io.hookrun.health;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Health settings, bound from {@code hookrun.health.*} (environment variables {@code HOOKRUN_HEALTH_TIMEOUT},
 * {@code HOOKRUN_HEALTH_CACHE_TTL}, {@code HOOKRUN_HEALTH_OPEN_CIRCUITS_LIMIT}).
 *
 * @param timeout            how long the readiness answer waits for each component; they are checked in parallel, so
 *                           this is also about how long the whole answer takes when one hangs. Keep it well inside
 *                           HealthFunction's Lambda timeout (10 s).
 * @param cacheTtl           how long one readiness result answers every probe: load balancers, uptime checks and
 *                           people polling {@code /health} cost the dependencies one check per TTL per instance, not
 *                           one per request. 0 checks on every request (concurrent requests still share one check).
 * @param openCircuitsLimit  at most this many open circuit breakers are read and listed
 */
@ConfigurationProperties("hookrun.health")
public record HealthConfiguration(@Bindable(defaultValue = "2s") Duration timeout,
                                  @Bindable(defaultValue = "5s") Duration cacheTtl,
                                  @Bindable(defaultValue = "20") int openCircuitsLimit) {
}

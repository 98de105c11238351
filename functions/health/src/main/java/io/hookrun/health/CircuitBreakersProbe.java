package io.hookrun.health;

import io.hookrun.core.outbound.CircuitBreaker;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The downstream hosts whose circuit breaker is open (workflow Tasks calling them fail fast with
 * {@code hookrun.CircuitOpen}). Not critical: an open breaker is DEGRADED, and so is a failure to read the breakers,
 * never 503 (see {@link HealthStatus}). Reads the breakers' index item and each open host's item
 * ({@code DynamoDbCircuitBreaker#open}), never a Scan.
 */
@Singleton
@Order(5)
public class CircuitBreakersProbe implements ReadinessProbe {

    private final CircuitBreaker breakers;
    private final Clock clock;
    private final int limit;

    public CircuitBreakersProbe(CircuitBreaker breakers, Clock clock, HealthConfiguration config) {
        this.breakers = breakers;
        this.clock = clock;
        this.limit = config.openCircuitsLimit();
    }

    @Override
    public String component() {
        return "circuit-breakers";
    }

    @Override
    public boolean critical() {
        return false;
    }

    @Override
    public ComponentHealth check(Duration timeout) {
        List<ComponentHealth.OpenCircuit> open = breakers.open(clock.instant(), limit).stream()
                .map(c -> new ComponentHealth.OpenCircuit(c.host(), c.openedAt(), c.retryAt())).toList();
        if (open.isEmpty()) {
            return ComponentHealth.up().withOpen(open);
        }
        String hosts = String.join(", ", open.stream().map(ComponentHealth.OpenCircuit::host).toList());
        return ComponentHealth.degraded("circuit open for " + hosts
                + (open.size() >= limit ? " (the first " + limit + ")" : "")).withOpen(open);
    }
}

package io.hookrun.core.outbound;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link CircuitBreaker} in memory, for tests: the {@link BreakerState} rules, one state per host. */
public final class InMemoryCircuitBreaker implements CircuitBreaker {

    private final BreakerSettings settings;
    private final Map<String, BreakerState> states = new ConcurrentHashMap<>();

    public InMemoryCircuitBreaker() {
        this(BreakerSettings.DEFAULT);
    }

    public InMemoryCircuitBreaker(BreakerSettings settings) {
        this.settings = settings;
    }

    @Override
    public synchronized Permit permit(String host, java.time.Instant now) {
        BreakerState.Decision decision = states.getOrDefault(host, BreakerState.CLOSED).permit(settings, now);
        states.put(host, decision.next());
        return decision.permit();
    }

    @Override
    public synchronized void record(String host, boolean failed, java.time.Instant now) {
        states.put(host, states.getOrDefault(host, BreakerState.CLOSED).record(settings, failed, now));
    }

    @Override
    public synchronized List<OpenCircuit> open(java.time.Instant now, int limit) {
        return states.entrySet().stream().filter(e -> e.getValue().isOpen())
                .map(e -> new OpenCircuit(e.getKey(), e.getValue().openedAt(), e.getValue().retryAt()))
                .sorted(Comparator.comparing(OpenCircuit::host)).limit(limit).toList();
    }
}

package io.hookrun.core.outbound;

import java.time.Instant;
import java.util.List;

/**
 * One circuit breaker per downstream host (docs/adr/0007): it opens when at least {@link BreakerSettings#minCalls()}
 * calls in the last {@link BreakerSettings#window()} had a failure rate of at least
 * {@link BreakerSettings#failureRate()}; while open, calls fail fast; after {@link BreakerSettings#openFor()} one
 * probe call is let through (half-open): its success closes the breaker, its failure opens it again. A failure is no
 * answer (connection refused, reset, timeout), a 5xx or a 429; any other answer is a success. Deployed, the state
 * lives in DynamoDB so every concurrent invocation sees the same breaker. Callers pass {@code now}.
 */
public interface CircuitBreaker {

    /** Whether a call to {@code host} may go now. */
    sealed interface Permit {
        /** Closed: call. */
        record Closed() implements Permit { }

        /** Half-open: this call is the probe; its outcome decides. */
        record Probe() implements Permit { }

        /** Open: do not call; a probe may go at {@code retryAt}. */
        record Open(Instant retryAt) implements Permit { }
    }

    /** An open breaker, for health checks and the admin API. */
    record OpenCircuit(String host, Instant openedAt, Instant retryAt) { }

    Permit permit(String host, Instant now);

    /** Records the outcome of a call that {@link #permit} let through. */
    void record(String host, boolean failed, Instant now);

    /** The breakers open at {@code now}, at most {@code limit}. */
    List<OpenCircuit> open(Instant now, int limit);
}

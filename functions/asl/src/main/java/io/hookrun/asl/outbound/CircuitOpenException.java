package io.hookrun.asl.outbound;

import java.io.IOException;
import java.time.Instant;

/**
 * A call not made because the circuit breaker of its host is open: the host failed too often lately. The Task turns it
 * into the state failure {@code hookrun.CircuitOpen}, which a Retry on it (or {@code States.ALL}) retries on its own
 * schedule. An {@link IOException} so that it travels through {@link io.hookrun.asl.HttpInvoker#invoke}.
 */
public final class CircuitOpenException extends IOException {

    private final String host;
    private final Instant retryAt;

    public CircuitOpenException(String host, Instant retryAt) {
        super("the circuit breaker of " + host + " is open after repeated failures; the next call may go at " + retryAt);
        this.host = host;
        this.retryAt = retryAt;
    }

    public String host() {
        return host;
    }

    public Instant retryAt() {
        return retryAt;
    }
}

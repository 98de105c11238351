package io.hookrun.asl.outbound;

import io.hookrun.asl.HttpInvoker;
import io.hookrun.core.outbound.CircuitBreaker;

import java.io.IOException;
import java.time.Clock;
import java.util.Locale;

/**
 * An {@link HttpInvoker} behind one {@link CircuitBreaker} per host (docs/adr/0007, "Circuit breakers"): a call to a
 * host whose breaker is open is not made ({@link CircuitOpenException}); every call made is recorded, as a failure when
 * no answer came (an {@link IOException}, a timeout included), or the answer was a 5xx or a 429, as a success
 * otherwise. A request the client refused to build ({@link IllegalArgumentException}) says nothing about the host and
 * is not recorded.
 */
public final class CircuitBreakingHttpInvoker implements HttpInvoker {

    private final HttpInvoker delegate;
    private final CircuitBreaker breaker;
    private final Clock clock;

    public CircuitBreakingHttpInvoker(HttpInvoker delegate, CircuitBreaker breaker, Clock clock) {
        this.delegate = delegate;
        this.breaker = breaker;
        this.clock = clock;
    }

    /** @throws CircuitOpenException when the host's breaker is open, and the call is not made */
    @Override
    public HttpResult invoke(HttpCall call) throws IOException {
        String host = host(call);
        if (breaker.permit(host, clock.instant()) instanceof CircuitBreaker.Permit.Open open) {
            throw new CircuitOpenException(host, open.retryAt());
        }
        HttpResult result;
        try {
            result = delegate.invoke(call);
        } catch (IOException e) {
            breaker.record(host, true, clock.instant());
            throw e;
        }
        breaker.record(host, isFailure(result.statusCode()), clock.instant());
        return result;
    }

    /** 5xx: the host is failing; 429: it asks for fewer calls, which is what an open breaker gives it. */
    static boolean isFailure(int status) {
        return status >= 500 || status == 429;
    }

    private static String host(HttpCall call) {
        String host = call.uri().getHost();
        return host == null ? String.valueOf(call.uri().getRawAuthority()) : host.toLowerCase(Locale.ROOT);
    }
}

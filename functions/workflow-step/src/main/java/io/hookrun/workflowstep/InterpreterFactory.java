package io.hookrun.workflowstep;

import io.hookrun.asl.HttpInvoker;
import io.hookrun.asl.JdkHttpInvoker;
import io.hookrun.asl.StateInterpreter;
import io.hookrun.asl.Tasks;
import io.hookrun.core.connection.ConnectionStore;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The ASL interpreter with the JDK HTTP client for {@code http:invoke} tasks (no extra HTTP library in the jar). Each
 * call ends {@code hookrun.step.time-margin} before the invocation does, leaving time to record its result. The
 * interpreter reads time from the application's clock and draws Retry jitter ({@code JitterStrategy: FULL}) from a
 * random source, both injected so that tests can pin them.
 */
@Factory
public class InterpreterFactory {

    /**
     * Every outbound call is checked by the outbound guard first (a refused call touches neither the breaker nor the
     * network), then passes its host's circuit breaker, then the JDK client reads at most
     * {@code hookrun.http.max-response-bytes} of its answer (docs/adr/0007).
     */
    @Singleton
    HttpInvoker httpInvoker(OutboundConfiguration outbound,
                            io.hookrun.core.outbound.CircuitBreaker breaker, Clock clock,
                            @io.micronaut.context.annotation.Value("${hookrun.http.max-response-bytes:"
                                    + JdkHttpInvoker.DEFAULT_MAX_RESPONSE_BYTES + "}") int maxResponseBytes) {
        HttpInvoker client = new JdkHttpInvoker(JdkHttpInvoker.DEFAULT_CONNECT_TIMEOUT, maxResponseBytes);
        HttpInvoker breaking = new io.hookrun.asl.outbound.CircuitBreakingHttpInvoker(client, breaker, clock);
        return new io.hookrun.asl.outbound.GuardedHttpInvoker(breaking, new io.hookrun.asl.outbound.OutboundGuard(
                io.hookrun.asl.outbound.AllowList.of(outbound.allowHosts()), outbound.allowLoopback()));
    }

    /** {@link Random} is safe to share between threads (the batch processor runs records concurrently). */
    @Singleton
    @Named("retry-jitter")
    RandomGenerator retryJitter() {
        return new Random();
    }

    @Singleton
    StateInterpreter stateInterpreter(HttpInvoker http, ConnectionStore connections, StepConfiguration config,
                                      Clock clock, @Named("retry-jitter") RandomGenerator random) {
        return new StateInterpreter(new Tasks(http, connections, config.timeMargin(), clock), clock, random,
                config.inlineMapMaxConcurrency());
    }
}

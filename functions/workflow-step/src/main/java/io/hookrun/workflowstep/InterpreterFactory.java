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

    @Singleton
    HttpInvoker httpInvoker() {
        return new JdkHttpInvoker();
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

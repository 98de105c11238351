package io.hookrun.lambda.telemetry;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The function's {@link Metrics}: EMF on stdout, its Service dimension from {@code hookrun.metrics.service}. */
@Factory
public class MetricsFactory {

    /**
     * One per function instance; the handler base flushes it at the end of every invocation. Secondary, so a test
     * that registers a {@link Metrics} of its own gets that one.
     */
    @Singleton
    @Secondary
    public Metrics metrics(@Value("${hookrun.metrics.service:hookrun}") String service) {
        return new EmfMetrics(service, System.out, Clock.systemUTC());
    }
}

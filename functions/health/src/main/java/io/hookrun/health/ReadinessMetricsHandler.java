package io.hookrun.health;

import io.hookrun.lambda.LambdaHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * HealthMetricsFunction: invoked every minute by an EventBridge schedule, from the health jar. It checks readiness
 * (fresh, not from the cache) and publishes the result as metrics ({@link ReadinessMetrics}), so the readiness alarm
 * needs no traffic. A handler of its own rather than a branch in {@link HealthHandler}: the HTTP handler reads API
 * Gateway events, and a scheduled event is not one; the template names each handler with its own event source.
 *
 * <p>The event is a plain {@link Map}, as for RunSweeperHandler: its content is not used, and the typed
 * {@code ScheduledEvent} carries a Joda {@code DateTime} that Micronaut Serde cannot read. The answer is the readiness
 * report, for {@code ./hookrun invoke}.
 */
@SuppressWarnings("rawtypes")
public class ReadinessMetricsHandler extends LambdaHandler<Map, ReadinessCheck.Report> {

    @Inject
    ReadinessCheck readiness;

    @Inject
    ReadinessMetrics metrics;

    /** Used by the Lambda runtime. */
    public ReadinessMetricsHandler() {
    }

    /** Used by {@code ./hookrun local} and tests. */
    public ReadinessMetricsHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    protected ReadinessCheck.Report handle(Map scheduledEvent, Invocation invocation) {
        ReadinessCheck.Report report = readiness.checkNow();
        metrics.publish(report);
        return report;
    }
}

package io.hookrun.health;

import io.hookrun.lambda.telemetry.MetricNames;
import io.hookrun.lambda.telemetry.Metrics;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Publishes a readiness result as the metrics of ADR 0008, so that an alarm fires when readiness fails with no
 * traffic at all:
 * <ul>
 *   <li>{@code ReadinessFailed}: 1 when readiness is DOWN (a 503), else 0;</li>
 *   <li>{@code ComponentUnhealthy} per component (dimension {@code Component}: table, steps-queue, dead-letter-queue,
 *       database, circuit-breakers): 1 when it is not UP;</li>
 *   <li>{@code StepsQueueDepth}, {@code DeadLetterDepth}: {@code ApproximateNumberOfMessages}, when the queue
 *       answered (left out, not 0, when it did not: a count nobody read is missing data);</li>
 *   <li>{@code OpenCircuits}: how many breakers are open, when they could be read.</li>
 * </ul>
 * The age of the oldest step message is not published here: {@code GetQueueAttributes} has no such attribute, and
 * CloudWatch's own {@code AWS/SQS ApproximateAgeOfOldestMessage} metric is what the alarm uses.
 */
@Singleton
public class ReadinessMetrics {

    private final Metrics metrics;

    public ReadinessMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Records {@code report}; the handler base ({@code LambdaHandler}) flushes the metrics once at the end of the
     * invocation (one EMF document per dimension set on stdout).
     */
    public void publish(ReadinessCheck.Report report) {
        metrics.record(MetricNames.READINESS_FAILED, report.ready() ? 0 : 1, Metrics.Unit.COUNT, Map.of());
        report.components().forEach((component, health) -> metrics.record(MetricNames.COMPONENT_UNHEALTHY,
                health.status() == HealthStatus.UP ? 0 : 1, Metrics.Unit.COUNT,
                Map.of(MetricNames.COMPONENT, component)));
        depth(report, "steps-queue", MetricNames.STEPS_QUEUE_DEPTH);
        depth(report, "dead-letter-queue", MetricNames.DEAD_LETTER_DEPTH);
        ComponentHealth breakers = report.components().get("circuit-breakers");
        if (breakers != null && breakers.open() != null) {
            metrics.record(MetricNames.OPEN_CIRCUITS, breakers.open().size(), Metrics.Unit.COUNT, Map.of());
        }
    }

    private void depth(ReadinessCheck.Report report, String component, String metric) {
        ComponentHealth queue = report.components().get(component);
        if (queue != null && queue.depth() != null) {
            metrics.record(metric, queue.depth().visible(), Metrics.Unit.COUNT, Map.of());
        }
    }
}

package io.hookrun.health;

import io.hookrun.lambda.telemetry.MetricNames;
import io.hookrun.lambda.telemetry.RecordingMetrics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ReadinessMetrics}: what one scheduled check publishes, by the contract's names. */
class ReadinessMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private final RecordingMetrics metrics = new RecordingMetrics();

    @Test
    void aDownDatabase_publishesReadinessFailed1_componentUnhealthyPerComponent_depthsAndOpenCircuits_thenFlushes() {
        Map<String, ComponentHealth> components = new LinkedHashMap<>();
        components.put("table", ComponentHealth.up());
        components.put("steps-queue", ComponentHealth.up().withDepth(new ComponentHealth.QueueDepth(12, 4, 1)));
        components.put("dead-letter-queue", ComponentHealth.degraded("2 messages")
                .withDepth(new ComponentHealth.QueueDepth(2, 0, 0)));
        components.put("database", ComponentHealth.down("no answer within 2 s"));
        components.put("circuit-breakers", ComponentHealth.degraded("circuit open for a.example.com").withOpen(List.of(
                new ComponentHealth.OpenCircuit("a.example.com", NOW, NOW.plusSeconds(30)))));

        new ReadinessMetrics(metrics).publish(new ReadinessCheck.Report(HealthStatus.DOWN, NOW, components,
                List.of("database"), List.of("dead-letter-queue", "circuit-breakers")));

        assertThat(metrics.values(MetricNames.READINESS_FAILED, Map.of())).containsExactly(1.0);
        assertThat(metrics.values(MetricNames.COMPONENT_UNHEALTHY, Map.of(MetricNames.COMPONENT, "table"))).containsExactly(0.0);
        assertThat(metrics.values(MetricNames.COMPONENT_UNHEALTHY, Map.of(MetricNames.COMPONENT, "database"))).containsExactly(1.0);
        assertThat(metrics.values(MetricNames.COMPONENT_UNHEALTHY, Map.of(MetricNames.COMPONENT, "dead-letter-queue")))
                .containsExactly(1.0);
        assertThat(metrics.values(MetricNames.STEPS_QUEUE_DEPTH, Map.of())).containsExactly(12.0);
        assertThat(metrics.values(MetricNames.DEAD_LETTER_DEPTH, Map.of())).containsExactly(2.0);
        assertThat(metrics.values(MetricNames.OPEN_CIRCUITS, Map.of())).containsExactly(1.0);
        assertThat(metrics.flushes()).as("the handler base flushes, once per invocation").isZero();
    }

    @Test
    void allUp_publishesReadinessFailed0_andAQueueThatDidNotAnswer_hasNoDepth_notAZero() {
        Map<String, ComponentHealth> components = new LinkedHashMap<>();
        components.put("table", ComponentHealth.up());
        components.put("steps-queue", ComponentHealth.down("SdkClientException"));
        components.put("dead-letter-queue", ComponentHealth.up().withDepth(new ComponentHealth.QueueDepth(0, 0, 0)));
        components.put("circuit-breakers", ComponentHealth.degraded("SdkClientException"));

        new ReadinessMetrics(metrics).publish(new ReadinessCheck.Report(HealthStatus.UP, NOW, components, List.of(),
                List.of()));

        assertThat(metrics.values(MetricNames.READINESS_FAILED, Map.of())).containsExactly(0.0);
        assertThat(metrics.names()).doesNotContain(MetricNames.STEPS_QUEUE_DEPTH, MetricNames.OPEN_CIRCUITS,
                MetricNames.OLDEST_STEP_AGE);
        assertThat(metrics.values(MetricNames.DEAD_LETTER_DEPTH, Map.of())).containsExactly(0.0);
        assertThat(metrics.flushes()).as("the handler base flushes, once per invocation").isZero();
    }
}

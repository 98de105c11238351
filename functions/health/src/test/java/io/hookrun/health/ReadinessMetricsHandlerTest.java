package io.hookrun.health;

import io.hookrun.lambda.LambdaHandler;
import io.hookrun.lambda.telemetry.MetricNames;
import io.hookrun.lambda.telemetry.Metrics;
import io.hookrun.lambda.telemetry.RecordingMetrics;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduled handler, built from Lambda's context builder, answering {@code events/health/scheduled.json}. */
class ReadinessMetricsHandlerTest {

    private static final Path SCHEDULED = Path.of("../../events/health/scheduled.json");

    private ReadinessMetricsHandler handler;

    @AfterEach
    void close() {
        if (handler != null) {
            handler.close();
        }
    }

    @Test
    void scheduledEvent_checksReadiness_andPublishesItThroughTheMetricsBean() throws IOException {
        start(Map.of("test.probes.table", "up", "test.probes.steps-queue", "up", "test.probes.dead-letter-queue", "up",
                "test.probes.database", "hangs", "test.probes.circuit-breakers", "up", "hookrun.health.timeout", "200ms"));

        ReadinessCheck.Report report = handler.handleRequest(event(), null);

        assertThat(report.down()).containsExactly("database");
        RecordingMetrics metrics = (RecordingMetrics) handler.getApplicationContext().getBean(Metrics.class);
        assertThat(metrics.values(MetricNames.READINESS_FAILED, Map.of())).containsExactly(1.0);
        assertThat(metrics.values(MetricNames.COMPONENT_UNHEALTHY, Map.of(MetricNames.COMPONENT, "database")))
                .containsExactly(1.0);
        assertThat(metrics.flushes()).isEqualTo(1);
    }

    @Test
    void everyScheduledEvent_checksAgain_notFromTheCache() throws IOException {
        start(Map.of("test.probes.table", "up", "test.probes.steps-queue", "up", "test.probes.dead-letter-queue", "up",
                "test.probes.database", "up", "test.probes.circuit-breakers", "up"));

        handler.handleRequest(event(), null);
        handler.handleRequest(event(), null);

        ScriptedProbe table = handler.getApplicationContext().getBeansOfType(ScriptedProbe.class).stream()
                .filter(p -> p.component().equals("table")).findFirst().orElseThrow();
        assertThat(table.checks()).isEqualTo(2);
    }

    private void start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("test.metrics", "recording");
        all.put("hookrun.table-name", "hookrun");
        all.put("hookrun.steps-queue-url", "http://127.0.0.1:1/000000000000/steps");
        all.put("datasources.default.url", "jdbc:postgresql://127.0.0.1:1/hookrun");
        handler = new ReadinessMetricsHandler(LambdaHandler.lambdaBuilder().properties(all));
    }

    @SuppressWarnings("rawtypes")
    private Map event() throws IOException {
        return handler.getApplicationContext().getBean(JsonMapper.class).readValue(Files.readAllBytes(SCHEDULED), Map.class);
    }

    /** With {@code test.metrics=recording}, the function's {@link Metrics} is a {@link RecordingMetrics}. */
    @Factory
    @Requires(property = "test.metrics", value = "recording")
    static class RecordingMetricsFactory {

        @Singleton
        @Replaces(Metrics.class)
        Metrics metrics() {
            return new RecordingMetrics();
        }
    }
}

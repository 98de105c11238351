package io.hookrun.lambda.telemetry;

import io.hookrun.lambda.logging.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads what {@link EmfMetrics} writes as CloudWatch does: every line a JSON object whose
 * {@code _aws.CloudWatchMetrics[0]} names the namespace, the dimension set and the metrics, each dimension and metric
 * a top-level member, at most 100 metrics and 100 values per metric in a document.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
class EmfMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final EmfMetrics metrics = new EmfMetrics("webhook", new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** A document as the specification defines it, checked on the way. */
    private record Document(Json root, String namespace, List<String> dimensions, Map<String, String> units) {

        @SuppressWarnings("unchecked")
        static Document of(String line) throws Exception {
            Json root = Json.parse(line);
            Json aws = root.object("_aws");
            assertEquals(NOW.toEpochMilli(), ((Number) aws.get("Timestamp")).longValue());
            List<Map<String, Object>> directives = (List<Map<String, Object>>) aws.get("CloudWatchMetrics");
            assertEquals(1, directives.size());
            Map<String, Object> directive = directives.get(0);
            List<List<String>> dimensionSets = (List<List<String>>) directive.get("Dimensions");
            assertEquals(1, dimensionSets.size());
            Map<String, String> units = new java.util.LinkedHashMap<>();
            for (Map<String, Object> metric : (List<Map<String, Object>>) directive.get("Metrics")) {
                units.put((String) metric.get("Name"), (String) metric.get("Unit"));
            }
            assertTrue(units.size() <= 100, "at most 100 metrics per document");
            for (String dimension : dimensionSets.get(0)) {
                assertTrue(root.get(dimension) instanceof String, "dimension " + dimension + " is a string member");
            }
            for (String name : units.keySet()) {
                Object value = root.get(name);
                assertTrue(value instanceof Number || value instanceof List<?>, "metric " + name + " has its values");
                if (value instanceof List<?> values) {
                    assertTrue(values.size() <= 100, "at most 100 values per metric");
                }
            }
            return new Document(root, (String) directive.get("Namespace"), dimensionSets.get(0), units);
        }

        List<Double> values(String name) {
            Object value = root.get(name);
            List<Double> values = new ArrayList<>();
            if (value instanceof Number number) {
                values.add(number.doubleValue());
            } else {
                ((List<?>) value).forEach(v -> values.add(((Number) v).doubleValue()));
            }
            return values;
        }
    }

    private List<Document> documents() throws Exception {
        List<Document> documents = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                documents.add(Document.of(line));
            }
        }
        return documents;
    }

    @Test
    void flush_writesOneDocumentPerDimensionSet_inNamespaceHookrun_withTheServiceDimension() throws Exception {
        metrics.count(MetricNames.EVENTS_RECEIVED, Map.of());
        metrics.record(MetricNames.INGEST_LATENCY, 12, Metrics.Unit.MILLISECONDS, Map.of());
        metrics.count(MetricNames.EVENTS_REFUSED, Map.of(MetricNames.REASON, "invalid-signature"));

        metrics.flush();

        List<Document> documents = documents();
        assertEquals(2, documents.size());
        Document plain = documents.get(0);
        assertEquals("Hookrun", plain.namespace());
        assertEquals(List.of("Service"), plain.dimensions());
        assertEquals("webhook", plain.root().text("Service"));
        assertEquals(Map.of("EventsReceived", "Count", "IngestLatency", "Milliseconds"), plain.units());
        assertEquals(List.of(12.0), plain.values("IngestLatency"));
        Document refused = documents.get(1);
        assertEquals(List.of("Reason", "Service"), refused.dimensions());
        assertEquals("invalid-signature", refused.root().text("Reason"));
        assertEquals(List.of(1.0), refused.values("EventsRefused"));
    }

    @Test
    void discard_dropsWhatWasRecorded_soTheNextFlushWritesOnlyWhatCameAfter() throws Exception {
        metrics.count(MetricNames.EVENTS_RECEIVED, Map.of());
        metrics.discard();
        metrics.flush();
        assertEquals(0, bytes.size());

        metrics.count(MetricNames.EVENTS_ACCEPTED, Map.of());
        metrics.flush();

        List<Document> documents = documents();
        assertEquals(1, documents.size());
        assertEquals(List.of(1.0), documents.get(0).values(MetricNames.EVENTS_ACCEPTED));
        assertEquals(1, documents.get(0).units().size());
    }

    @Test
    void moreThan100ValuesOfOneMetric_areSplitIntoSeveralDocuments_noneDropped() throws Exception {
        for (int i = 0; i < 250; i++) {
            metrics.record(MetricNames.STATE_DURATION, i, Metrics.Unit.MILLISECONDS, Map.of());
        }
        metrics.count(MetricNames.STATES_SUCCEEDED, Map.of());

        metrics.flush();

        List<Document> documents = documents();
        assertEquals(3, documents.size());
        List<Double> all = new ArrayList<>();
        documents.forEach(d -> all.addAll(d.values(MetricNames.STATE_DURATION)));
        assertEquals(250, all.size());
        assertEquals(List.of(0.0, 1.0, 2.0), all.subList(0, 3));
        assertEquals(249.0, all.get(249));
        assertEquals(1, documents.stream().filter(d -> d.units().containsKey(MetricNames.STATES_SUCCEEDED)).count(),
                "a metric with fewer values is in one document only");
    }

    @Test
    void moreThan100Metrics_areSplitIntoSeveralDocuments() throws Exception {
        for (int i = 0; i < 130; i++) {
            metrics.count("Metric" + i, Map.of());
        }

        metrics.flush();

        List<Document> documents = documents();
        assertEquals(2, documents.size());
        Set<String> names = new HashSet<>();
        documents.forEach(d -> names.addAll(d.units().keySet()));
        assertEquals(130, names.size());
    }

    @Test
    void flush_withNothingRecorded_writesNothing_andASecondFlushDoesNotRepeat() throws Exception {
        metrics.flush();
        assertEquals(0, bytes.size());

        metrics.count(MetricNames.COLD_START, Map.of());
        metrics.flush();
        metrics.flush();

        assertEquals(1, documents().size());
    }

    @Test
    void nonFiniteValues_areLeftOut_becauseJsonCannotCarryThem() throws Exception {
        metrics.record(MetricNames.RUN_DURATION, Double.NaN, Metrics.Unit.MILLISECONDS, Map.of());
        metrics.record(MetricNames.RUN_DURATION, 5, Metrics.Unit.MILLISECONDS, Map.of());

        metrics.flush();

        assertEquals(List.of(5.0), documents().get(0).values(MetricNames.RUN_DURATION));
    }
}

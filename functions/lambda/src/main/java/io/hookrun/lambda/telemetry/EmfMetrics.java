package io.hookrun.lambda.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link Metrics} as CloudWatch Embedded Metric Format: on {@link #flush()}, one JSON document per dimension set,
 * each on its own line of {@code out} (stdout on Lambda, which CloudWatch Logs turns into metrics).
 * Every document carries the {@link MetricNames#SERVICE} dimension. Repeated values of one metric are sent as an
 * array, at most 100 per document as the specification allows.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
public final class EmfMetrics implements Metrics {

    private static final int MAX_VALUES_PER_METRIC = 100;
    private static final JsonFactory JSON = new JsonFactory();

    private final String service;
    private final PrintStream out;
    private final Clock clock;
    /** Dimension set (sorted, with Service) -> metric name -> (unit, values), in recording order. */
    private final Map<Map<String, String>, Map<String, Series>> pending = new LinkedHashMap<>();

    /**
     * @param service the function role, the value of the {@link MetricNames#SERVICE} dimension
     * @param out     where the documents go
     * @param clock   the documents' timestamp
     */
    public EmfMetrics(String service, PrintStream out, Clock clock) {
        this.service = service;
        this.out = out;
        this.clock = clock;
    }

    @Override
    public synchronized void record(String name, double value, Unit unit, Map<String, String> dimensions) {
        Map<String, String> key = new TreeMap<>(dimensions);
        key.put(MetricNames.SERVICE, service);
        pending.computeIfAbsent(key, k -> new LinkedHashMap<>())
                .computeIfAbsent(name, n -> new Series(unit, new ArrayList<>()))
                .values().add(value);
    }

    @Override
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        long timestamp = clock.millis();
        for (Map.Entry<Map<String, String>, Map<String, Series>> set : pending.entrySet()) {
            out.println(document(timestamp, set.getKey(), set.getValue()));
        }
        out.flush();
        pending.clear();
    }

    private static String document(long timestamp, Map<String, String> dimensions, Map<String, Series> metrics) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", timestamp);
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", MetricNames.NAMESPACE);
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            for (String dimension : dimensions.keySet()) {
                json.writeString(dimension);
            }
            json.writeEndArray();
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (Map.Entry<String, Series> metric : metrics.entrySet()) {
                json.writeStartObject();
                json.writeStringField("Name", metric.getKey());
                json.writeStringField("Unit", metric.getValue().unit().cloudWatchName());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
                json.writeStringField(dimension.getKey(), dimension.getValue());
            }
            for (Map.Entry<String, Series> metric : metrics.entrySet()) {
                List<Double> values = metric.getValue().values();
                json.writeFieldName(metric.getKey());
                if (values.size() == 1) {
                    json.writeNumber(values.get(0));
                } else {
                    json.writeStartArray();
                    for (Double value : values.subList(Math.max(0, values.size() - MAX_VALUES_PER_METRIC), values.size())) {
                        json.writeNumber(value);
                    }
                    json.writeEndArray();
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private record Series(Metrics.Unit unit, List<Double> values) {
    }
}

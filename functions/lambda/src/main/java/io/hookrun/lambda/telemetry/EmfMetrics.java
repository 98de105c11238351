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
 * {@link Metrics} as CloudWatch Embedded Metric Format: on {@link #flush()}, the JSON documents of what was recorded,
 * each on its own line of {@code out} (stdout on Lambda, which CloudWatch Logs turns into metrics with no API call).
 * One document per dimension set, every one with the {@link MetricNames#SERVICE} dimension; repeated values of one
 * metric are sent as an array. The specification allows at most 100 values per metric and 100 metrics per document
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
 * so a dimension set with more is split into as many documents as it takes: no value is dropped.
 *
 * <p>Why not the aws-embedded-metrics library (4.2.0 resolves here): it would add its own jar plus commons-lang3,
 * javatuples and jackson-databind's JSR-310 module to every function, and its environment detection and
 * asynchronous sink to the init path, for what is here one JSON writer over jackson-core, which the functions carry
 * anyway. The numbers are in the README.
 */
public final class EmfMetrics implements Metrics {

    /** The specification's limit on values per metric in one document, and on metrics per document. */
    static final int MAX_PER_DOCUMENT = 100;
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
        if (!Double.isFinite(value)) {
            return; // JSON has no NaN or infinity, and CloudWatch would refuse the whole document
        }
        Map<String, String> key = new TreeMap<>(dimensions);
        key.put(MetricNames.SERVICE, service);
        pending.computeIfAbsent(key, k -> new LinkedHashMap<>())
                .computeIfAbsent(name, n -> new Series(unit, new ArrayList<>()))
                .values().add(value);
    }

    @Override
    public synchronized void discard() {
        pending.clear();
    }

    @Override
    public void flush() {
        List<String> documents = new ArrayList<>();
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            long timestamp = clock.millis();
            pending.forEach((dimensions, metrics) -> documents.addAll(documents(timestamp, dimensions, metrics)));
            pending.clear();
        }
        for (String document : documents) {
            out.println(document); // one println per document: PrintStream writes it whole under its lock
        }
        out.flush();
    }

    /** The documents of one dimension set: chunks of at most 100 metrics, each with at most 100 values. */
    static List<String> documents(long timestamp, Map<String, String> dimensions, Map<String, Series> metrics) {
        List<Map.Entry<String, Series>> all = new ArrayList<>(metrics.entrySet());
        List<String> documents = new ArrayList<>();
        for (int first = 0; first < all.size(); first += MAX_PER_DOCUMENT) {
            List<Map.Entry<String, Series>> names = all.subList(first, Math.min(all.size(), first + MAX_PER_DOCUMENT));
            int most = names.stream().mapToInt(e -> e.getValue().values().size()).max().orElse(0);
            for (int from = 0; from < most; from += MAX_PER_DOCUMENT) {
                Map<String, Series> slice = new LinkedHashMap<>();
                for (Map.Entry<String, Series> metric : names) {
                    List<Double> values = metric.getValue().values();
                    if (from < values.size()) {
                        slice.put(metric.getKey(), new Series(metric.getValue().unit(),
                                values.subList(from, Math.min(values.size(), from + MAX_PER_DOCUMENT))));
                    }
                }
                documents.add(document(timestamp, dimensions, slice));
            }
        }
        return documents;
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
                    for (double value : values) {
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

    /** A metric's unit and the values recorded since the last flush. */
    record Series(Metrics.Unit unit, List<Double> values) {
    }
}

package io.hookrun.health;

import io.hookrun.lambda.telemetry.Metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link Metrics} that keeps what was recorded and counts flushes. */
final class RecordingMetrics implements Metrics {

    record Point(String name, double value, Unit unit, Map<String, String> dimensions) { }

    final List<Point> points = new ArrayList<>();
    int flushes;

    @Override
    public synchronized void record(String name, double value, Unit unit, Map<String, String> dimensions) {
        points.add(new Point(name, value, unit, Map.copyOf(dimensions)));
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    @Override
    public synchronized void discard() {
        points.clear();
    }

    /** The values of {@code name} with exactly these dimensions. */
    synchronized List<Double> values(String name, Map<String, String> dimensions) {
        return points.stream().filter(p -> p.name().equals(name) && p.dimensions().equals(dimensions))
                .map(Point::value).toList();
    }

    synchronized List<String> names() {
        return points.stream().map(Point::name).distinct().toList();
    }
}

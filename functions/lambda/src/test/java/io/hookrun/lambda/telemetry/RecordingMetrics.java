package io.hookrun.lambda.telemetry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link Metrics} in memory, for tests: every data point recorded, and how often it was flushed. */
public final class RecordingMetrics implements Metrics {

    /** One data point. */
    public record Point(String name, double value, Unit unit, Map<String, String> dimensions) {
    }

    private final List<Point> points = new CopyOnWriteArrayList<>();
    private volatile int flushes;

    @Override
    public void record(String name, double value, Unit unit, Map<String, String> dimensions) {
        points.add(new Point(name, value, unit, Map.copyOf(dimensions)));
    }

    @Override
    public void flush() {
        flushes++;
    }

    public List<Point> points() {
        return List.copyOf(points);
    }

    /** The points named {@code name}. */
    public List<Point> named(String name) {
        return points.stream().filter(p -> p.name().equals(name)).toList();
    }

    /** The values of {@code name} recorded with exactly these dimensions, in order. */
    public List<Double> values(String name, Map<String, String> dimensions) {
        return points.stream().filter(p -> p.name().equals(name) && p.dimensions().equals(dimensions))
                .map(Point::value).toList();
    }

    /** The names recorded, each once. */
    public List<String> names() {
        return points.stream().map(Point::name).distinct().toList();
    }

    /** The sum of the values of {@code name}. */
    public double sum(String name) {
        return named(name).stream().mapToDouble(Point::value).sum();
    }

    /** Drops every point recorded so far (this fake does not tell flushed points from pending ones). */
    @Override
    public void discard() {
        points.clear();
    }

    public int flushes() {
        return flushes;
    }

    public void clear() {
        points.clear();
    }
}

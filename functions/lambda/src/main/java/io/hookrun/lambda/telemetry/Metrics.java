package io.hookrun.lambda.telemetry;

import java.util.Map;

/**
 * Where a function records its CloudWatch metrics (ADR 0008). The deployed implementation writes CloudWatch
 * Embedded Metric Format documents to stdout, which Lambda ships to CloudWatch Logs and CloudWatch turns into
 * metrics with no API call on the request path. Names and dimensions come from {@link MetricNames}: dimension
 * values must come from a bounded set (a function role, a refusal reason, a component name), never from ids.
 */
public interface Metrics {

    /** Records one data point of {@code name} with the given unit and dimensions (empty map: no dimension). */
    void record(String name, double value, Unit unit, Map<String, String> dimensions);

    /** Adds {@code 1} of {@code name}, in {@link Unit#COUNT}. */
    default void count(String name, Map<String, String> dimensions) {
        record(name, 1, Unit.COUNT, dimensions);
    }

    /** Writes what was recorded since the last flush; called once at the end of every invocation. */
    void flush();

    /**
     * Drops what was recorded since the last flush without writing it: after a SnapStart restore, the data points
     * SnapStart priming recorded before the snapshot (synthetic requests, not traffic).
     */
    void discard();

    /** The CloudWatch units hookrun uses. */
    enum Unit {
        COUNT("Count"),
        MILLISECONDS("Milliseconds"),
        SECONDS("Seconds"),
        NONE("None");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        /** The unit as CloudWatch spells it. */
        public String cloudWatchName() {
            return cloudWatchName;
        }
    }
}

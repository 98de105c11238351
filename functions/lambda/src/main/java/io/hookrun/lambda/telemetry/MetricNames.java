package io.hookrun.lambda.telemetry;

/**
 * The metric contract of ADR 0008: the names the functions publish and the alarms and dashboard of
 * {@code template.yaml} refer to. Every metric is in {@link #NAMESPACE} with the {@link #SERVICE} dimension
 * (webhook, workflow-step, health, admin, run-sweeper); the few that split further say so.
 */
public final class MetricNames {

    /** CloudWatch namespace of every hookrun metric. */
    public static final String NAMESPACE = "Hookrun";

    /** Dimension: the function role (webhook, workflow-step, health, admin, run-sweeper). */
    public static final String SERVICE = "Service";
    /** Dimension of {@link #EVENTS_REFUSED}: the problem type's last path segment (bad-signature, too-large...). */
    public static final String REASON = "Reason";
    /** Dimension of {@link #COMPONENT_UNHEALTHY}: the readiness component (table, steps-queue, database...). */
    public static final String COMPONENT = "Component";

    // webhook
    public static final String EVENTS_RECEIVED = "EventsReceived";
    public static final String EVENTS_ACCEPTED = "EventsAccepted";
    public static final String EVENTS_REPLAYED = "EventsReplayed";
    public static final String EVENTS_FILTERED = "EventsFiltered";
    public static final String EVENTS_REFUSED = "EventsRefused";
    /** Milliseconds from the request's arrival to the 202 (signature, claim, enqueue). */
    public static final String INGEST_LATENCY = "IngestLatency";

    // workflow-step
    public static final String STATES_SUCCEEDED = "StatesSucceeded";
    public static final String STATES_FAILED = "StatesFailed";
    public static final String STATES_RETRIED = "StatesRetried";
    public static final String STATE_DURATION = "StateDuration";
    public static final String RUNS_SUCCEEDED = "RunsSucceeded";
    public static final String RUNS_FAILED = "RunsFailed";
    public static final String RUN_DURATION = "RunDuration";

    // health (published by the scheduled invocation every minute)
    /** 1 when readiness failed, 0 when it passed: the alarm fires on Maximum >= 1, and on missing data. */
    public static final String READINESS_FAILED = "ReadinessFailed";
    public static final String COMPONENT_UNHEALTHY = "ComponentUnhealthy";
    public static final String STEPS_QUEUE_DEPTH = "StepsQueueDepth";
    public static final String DEAD_LETTER_DEPTH = "DeadLetterDepth";
    public static final String OLDEST_STEP_AGE = "OldestStepMessageAge";
    public static final String OPEN_CIRCUITS = "OpenCircuits";

    // every function
    public static final String COLD_START = "ColdStart";

    private MetricNames() {
    }
}

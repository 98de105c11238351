package io.hookrun.lambda.logging;

import org.slf4j.MDC;

/**
 * The MDC keys of ADR 0008, which every log line carries as fields where they are known: Logs Insights and
 * {@code ./hookrun local}'s output can then be filtered on one of them, {@code deliveryId} above all (an event is
 * followed from the webhook through every state of its run by it).
 */
public final class LogContext {

    /** The Lambda request id of the invocation (set by the handler base). */
    public static final String REQUEST_ID = "requestId";
    /** The X-Ray trace id ({@code Root=} of the trace header), the same for every invocation an event causes. */
    public static final String TRACE_ID = "traceId";
    /** The trigger the webhook came in on, or that started the run. */
    public static final String TRIGGER_ID = "triggerId";
    /** The webhook's delivery id (the one the delivery claim is keyed by), also on every state of its run. */
    public static final String DELIVERY_ID = "deliveryId";
    /** The run. */
    public static final String RUN_ID = "runId";
    /** The state being executed. */
    public static final String STATE = "state";

    private LogContext() {
    }

    /** Puts {@code value} under {@code key}, or removes the key when the value is null. */
    public static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** Removes what one record or request put, keeping what the invocation put ({@link #REQUEST_ID}, {@link #TRACE_ID}). */
    public static void clearEvent() {
        MDC.remove(TRIGGER_ID);
        MDC.remove(DELIVERY_ID);
        MDC.remove(RUN_ID);
        MDC.remove(STATE);
    }
}

package io.hookrun.core.trace;

import java.util.Optional;

/**
 * The trace header of the work the current thread does: set by the Lambda handler base for each invocation (from the
 * runtime) and by the step function for each SQS record (from the record's {@code AWSTraceHeader}), read by whatever
 * sends a message or makes a call on its behalf. A thread-local, as the X-Ray SDK's own trace entity is, because the
 * header must reach the SQS client and the HTTP client without being threaded through every signature between them.
 * A worker thread starts with none: whoever hands it a record sets it.
 */
public final class TraceContext {

    private static final ThreadLocal<TraceHeader> CURRENT = new ThreadLocal<>();

    private TraceContext() {
    }

    /** The current thread's trace header, if it has one. */
    public static Optional<TraceHeader> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Makes {@code header} the current thread's (null: none). */
    public static void set(TraceHeader header) {
        if (header == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(header);
        }
    }

    /** Forgets the current thread's header. */
    public static void clear() {
        CURRENT.remove();
    }
}

package io.hookrun.lambda;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;

/**
 * Tells an outage of something hookrun depends on (DynamoDB, SQS, PostgreSQL, the network) from a bug. An outage
 * is answered 503 with {@code Retry-After} and retried; a bug is a 500 with a request id and a stack trace in the
 * log, because retrying a bug forever only hides it.
 */
public final class DependencyFailures {

    private DependencyFailures() {
    }

    /** Whether {@code failure}, or anything in its cause chain, is a dependency being unreachable, slow or busy. */
    public static boolean isDependencyFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isOutage(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOutage(Throwable t) {
        if (t instanceof SdkClientException) {
            return true; // no answer: connection refused or reset, timeouts (ApiCallTimeoutException is one)
        }
        if (t instanceof SdkServiceException service) {
            // An answer that says "not now": throttling, 5xx. A 4xx such as ValidationException is our bug.
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
            return true; // includes Hikari's SQLTransientConnectionException (no connection in time)
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            // 08: connection exception; 53: insufficient resources; 57: operator intervention (shutdown, cancel)
            return state.startsWith("08") || state.startsWith("53") || state.startsWith("57");
        }
        if (t instanceof IOException io) {
            // I/O failures are network failures, except reading or writing JSON, which is an IOException too. The
            // SDK's url-connection client lets some escape unwrapped (an UncheckedIOException around "Error writing
            // to server" when the connection is reset mid-request), so a bare IOException counts.
            return !isJsonProcessing(io);
        }
        return t instanceof TimeoutException;
    }

    private static boolean isJsonProcessing(IOException e) {
        String type = e.getClass().getName();
        return type.startsWith("com.fasterxml.jackson.") || type.startsWith("io.micronaut.serde.")
                || type.startsWith("io.micronaut.json.");
    }
}

package io.hookrun.asl;

/**
 * A step that could not complete for a reason that may pass (connection refused, timeout): the caller retries
 * the whole step later instead of failing the run. Never carries request headers (they may hold secrets).
 */
public class TransientStepException extends Exception {

    public TransientStepException(String message, Throwable cause) {
        super(message, cause);
    }
}

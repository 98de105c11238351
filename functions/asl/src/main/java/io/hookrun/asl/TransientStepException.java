package io.hookrun.asl;

/**
 * A step that could not complete for a reason that may pass (connection refused, reset, timeout): the caller
 * retries the whole step later (via the queue's redelivery) instead of failing the run. Distinct from
 * {@link StepOutcome.Failed}, which is final. The message names the state and the target host and path,
 * never request headers or query strings (they may hold secrets).
 */
public final class TransientStepException extends Exception {

    public TransientStepException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.hookrun.asl;

/**
 * A step that could not complete because the invocation running it had too little time left to make or finish a
 * Task's call: the caller runs the whole step again later (via the queue's redelivery) instead of failing the run.
 * Every other failure, network ones included, is a Step Functions error that Retry and Catch see
 * ({@link StepOutcome.Failed} and its kin). The message names the state and the target host and path, never request
 * headers or query strings (they may hold secrets).
 */
public final class TransientStepException extends Exception {

    public TransientStepException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.hookrun.workflowstep;

/**
 * Too little of the invocation was left to execute the state: nothing was done (the claim, if taken, is released),
 * and the record is handed back for an immediate retry rather than counted as a failure.
 */
final class StepNotStartedException extends RuntimeException {

    StepNotStartedException(String message) {
        super(message, null, false, false);
    }
}

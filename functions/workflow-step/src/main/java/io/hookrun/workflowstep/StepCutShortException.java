package io.hookrun.workflowstep;

/**
 * A Task's call was made but the invocation ran out before the answer came (the call is capped at what the invocation
 * has left; on AWS it could have waited longer). Unlike {@link StepNotStartedException} something was sent, so this
 * spends a delivery of the message: it is retried with back-off like any failure, with the same idempotency key, and on
 * the last delivery the run ends {@value StepExecutor#STEP_ABANDONED} instead of being handed back for ever. Carries no
 * cause on purpose: the timeout inside must not make it look like an outage of hookrun's dependencies
 * ({@link io.hookrun.lambda.DependencyFailures} walks the cause chain).
 */
final class StepCutShortException extends RuntimeException {

    StepCutShortException(String message) {
        super(message, null, false, false);
    }
}

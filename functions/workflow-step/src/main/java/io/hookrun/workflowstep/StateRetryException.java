package io.hookrun.workflowstep;

/**
 * A task got no answer (connection refused, reset, timed out) before the message's last delivery: its claim is
 * released and the queue retries the state. A failure of the workflow's target, not of hookrun's dependencies, so it
 * spends the message's receive count and fails the run ({@code States.TaskFailed}) on the last delivery. Carries no
 * cause on purpose: the network exception inside must not make it look like a dependency outage
 * ({@link io.hookrun.lambda.DependencyFailures} walks the cause chain).
 */
final class StateRetryException extends RuntimeException {

    StateRetryException(String message) {
        super(message, null, false, false);
    }
}

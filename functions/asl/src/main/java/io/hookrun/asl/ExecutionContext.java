package io.hookrun.asl;

import java.time.Instant;

/**
 * What {@code $states.context} exposes to a state, and what makes its side effects identifiable.
 *
 * @param executionName    {@code $states.context.Execution.Name}: the run's name if it was started with one, else its id
 * @param stateEnteredTime when the state was entered (its first attempt, for a retried state)
 * @param retryCount       {@code $states.context.State.RetryCount}: retries of this state made so far
 * @param idempotencyKey   what the state's HTTP calls send as {@code Idempotency-Key}: stable across redeliveries,
 *                         crashes and Retry attempts of this state execution
 */
public record ExecutionContext(String runId, String workflowId, String executionName, Object runInput,
                               Instant runStartTime, Instant stateEnteredTime, int retryCount,
                               String idempotencyKey) {

    /** The attempt number of this state execution (1 for the first), sent next to the idempotency key. */
    public int attempt() {
        return retryCount + 1;
    }
}

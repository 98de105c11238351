package io.hookrun.asl;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * What {@code $states.context} exposes to a state, and what makes its side effects identifiable.
 *
 * @param executionName    {@code $states.context.Execution.Name}: the run's name if it was started with one, else its id
 * @param stateEnteredTime when the state was entered (its first attempt, for a retried state)
 * @param retryCount       {@code $states.context.State.RetryCount}: retries of this state made so far
 * @param idempotencyKey   what the state's HTTP calls send as {@code Idempotency-Key}: stable across redeliveries,
 *                         crashes and Retry attempts of this state execution
 * @param taskToken        {@code $states.context.Task.Token}: for a {@code .waitForTaskToken} Task, the token its
 *                         callback presents (null otherwise)
 */
public record ExecutionContext(String runId, String workflowId, String executionName, Object runInput,
                               Instant runStartTime, Instant stateEnteredTime, int retryCount,
                               String idempotencyKey, @Nullable String taskToken) {

    /** The context of a state that waits for no callback. */
    public ExecutionContext(String runId, String workflowId, String executionName, Object runInput,
                            Instant runStartTime, Instant stateEnteredTime, int retryCount, String idempotencyKey) {
        this(runId, workflowId, executionName, runInput, runStartTime, stateEnteredTime, retryCount, idempotencyKey,
                null);
    }

    /** This context with {@code taskToken} as {@code $states.context.Task.Token}. */
    public ExecutionContext withTaskToken(String token) {
        return new ExecutionContext(runId, workflowId, executionName, runInput, runStartTime, stateEnteredTime,
                retryCount, idempotencyKey, token);
    }

    /** The attempt number of this state execution (1 for the first), sent next to the idempotency key. */
    public int attempt() {
        return retryCount + 1;
    }
}

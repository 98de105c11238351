package io.hookrun.asl;

import java.time.Instant;

/**
 * What {@code $states.context} exposes to a state, and what makes its side effects identifiable.
 *
 * @param sequence the step number within the run; with the run id it is the downstream idempotency key
 */
public record ExecutionContext(String runId, String workflowId, Object runInput, Instant runStartTime, int sequence,
                               Instant stateEnteredTime) {
}

package io.hookrun.core.idempotency;

/** The outcome of trying to claim a delivery key. */
public sealed interface ClaimResult {

    /**
     * This invocation owns the delivery now. {@code runId} is new, or, when a dead invocation's lease was
     * taken over, that invocation's run id: its message may already be on the queue, and the run id is what
     * lets the workflow side drop the second copy.
     */
    record Claimed(String runId, String claimToken) implements ClaimResult {
    }

    /** Someone else holds or has completed the delivery. */
    record Existing(DeliveryRecord record) implements ClaimResult {
    }
}

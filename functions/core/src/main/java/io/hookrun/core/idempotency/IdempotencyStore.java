package io.hookrun.core.idempotency;

import java.time.Instant;

/**
 * Where delivery claims live. Every method takes {@code now}, so the state machine is testable without a
 * clock, and every write is conditional, so two concurrent copies of one delivery cannot both win.
 */
public interface IdempotencyStore {

    /**
     * Claims {@code key} if nobody holds it: absent, past its retention, or IN_PROGRESS with an expired lease
     * and the same {@code payloadHash}. Taking over an expired lease keeps that claim's run id; a claim with
     * another payload hash is never taken over, and comes back as {@link ClaimResult.Existing}.
     *
     * @param proposedRunId the run id to record if the key is new (or past its retention)
     */
    ClaimResult claim(DeliveryKey key, String proposedRunId, String claimToken, String payloadHash,
                      Instant now, Instant leaseExpiresAt, Instant expiresAt);

    /**
     * Records the answer so duplicates can be given it again; false if the claim was no longer ours.
     *
     * @throws NullPointerException if {@code responseBody} is null: duplicates are replayed this body
     */
    boolean complete(DeliveryKey key, String claimToken, int responseStatus, String responseBody);

    /**
     * Gives up the lease of a claim whose work failed: its lease now ends at {@code now}, so the sender's retry takes
     * it over at once, keeping its run id and payload (the failed work may have queued the event anyway). Only the
     * holder can do this (conditional on {@code claimToken}); false if the claim was no longer ours, and an absent
     * key stays absent.
     */
    boolean abandon(DeliveryKey key, String claimToken, Instant now);
}

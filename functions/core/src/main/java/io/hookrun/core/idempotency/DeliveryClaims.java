package io.hookrun.core.idempotency;

import io.hookrun.core.config.HookrunConfiguration;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;

/**
 * The idempotency state machine of the webhook path. A delivery key goes
 * absent -> IN_PROGRESS (claimed, with a lease) -> COMPLETED (answer stored until the key expires).
 * Duplicates are told apart: completed ones are replayed, in-flight ones are asked to retry, reused ids with
 * another body are refused.
 *
 * <p>A claim whose work failed is never deleted: it is {@linkplain #abandon abandoned}, i.e. it stays IN_PROGRESS
 * with its run id and its lease ended, and the sender's retry takes it over at once under the same run id. Deleting
 * it would give the retry a new run id, and when the failed enqueue had in fact reached the queue (a timeout or a
 * reset after SQS stored the message) one delivery would start two runs. With the run id kept, the step side drops
 * the second copy because that run exists already.
 */
@Singleton
public class DeliveryClaims {

    /** What to do with a delivery. */
    public sealed interface Decision {
        /**
         * New work: enqueue it under {@code runId}, then {@link #complete} or {@link #abandon}.
         *
         * @param leaseExpiresAt until when a copy of this delivery is told to wait (409) unless the claim is abandoned
         */
        record Proceed(DeliveryKey key, String runId, String claimToken, Instant leaseExpiresAt) implements Decision { }
        /** Already answered: give the same answer again, start nothing. */
        record Replay(int status, String body) implements Decision { }
        /** Another copy is being handled right now. */
        record InProgress(Duration retryAfter) implements Decision { }
        /** The delivery id was used before for a different body. */
        record PayloadMismatch(String storedPayloadHash) implements Decision {
        }
    }

    private final IdempotencyStore store;
    private final RunIdGenerator ids;
    private final Duration retention;
    private final Duration maxLease;

    public DeliveryClaims(IdempotencyStore store, RunIdGenerator ids, HookrunConfiguration config) {
        this.store = store;
        this.ids = ids;
        this.retention = config.deliveryRetention();
        this.maxLease = config.claimLease();
    }

    /**
     * @param lease how long the claim may stay IN_PROGRESS if this invocation dies; capped by configuration.
     *              On Lambda it is the invocation's remaining time, after which the invocation cannot be alive.
     */
    public Decision begin(DeliveryKey key, String payloadHash, Instant now, Duration lease) {
        Duration effectiveLease = lease.isNegative() || lease.isZero() || lease.compareTo(maxLease) > 0 ? maxLease : lease;
        Instant leaseExpiresAt = now.plus(effectiveLease);
        ClaimResult result = store.claim(key, ids.newRunId().toString(), ids.newClaimToken(), payloadHash,
                now, leaseExpiresAt, now.plus(retention));
        return switch (result) {
            case ClaimResult.Claimed claimed ->
                    new Decision.Proceed(key, claimed.runId(), claimed.claimToken(), leaseExpiresAt);
            case ClaimResult.Existing existing -> decide(existing.record(), payloadHash, now);
        };
    }

    /** Stores the answer duplicates will be replayed; false if the claim was taken over meanwhile. */
    public boolean complete(Decision.Proceed claim, int status, String body) {
        return store.complete(claim.key(), claim.claimToken(), status, body);
    }

    /**
     * Ends the lease of a claim whose work failed, keeping its run id: the retry takes it over at once. False if
     * the claim was no longer ours (its lease had run out and a copy took it over).
     */
    public boolean abandon(Decision.Proceed claim, Instant now) {
        return store.abandon(claim.key(), claim.claimToken(), now);
    }

    private static Decision decide(DeliveryRecord record, String payloadHash, Instant now) {
        if (!record.payloadHash().equals(payloadHash)) {
            return new Decision.PayloadMismatch(record.payloadHash());
        }
        if (record.status() == DeliveryRecord.Status.COMPLETED) {
            return new Decision.Replay(record.responseStatus(), record.responseBody());
        }
        Duration left = record.leaseExpiresAt() == null ? Duration.ZERO : Duration.between(now, record.leaseExpiresAt());
        return new Decision.InProgress(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
    }
}

package io.hookrun.core.idempotency;

import io.hookrun.core.config.HookrunConfiguration;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;

/**
 * The idempotency state machine of the webhook path. A delivery key goes
 * absent -> IN_PROGRESS (claimed, with a lease) -> COMPLETED (answer stored until the key expires);
 * a failed enqueue goes IN_PROGRESS -> absent so the sender's retry is accepted. Duplicates are told apart:
 * completed ones are replayed, in-flight ones are asked to retry, reused ids with another body are refused.
 */
@Singleton
public class DeliveryClaims {

    /** What to do with a delivery. */
    public sealed interface Decision {
        /** New work: enqueue it under {@code runId}, then {@link #complete} or {@link #release}. */
        record Proceed(DeliveryKey key, String runId, String claimToken) implements Decision { }
        /** Already answered: give the same answer again, start nothing. */
        record Replay(int status, String body) implements Decision { }
        /** Another copy is being handled right now. */
        record InProgress(Duration retryAfter) implements Decision { }
        /** The delivery id was used before for a different body. */
        record PayloadMismatch() implements Decision { }
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
        ClaimResult result = store.claim(key, ids.newRunId().toString(), ids.newClaimToken(), payloadHash,
                now, now.plus(effectiveLease), now.plus(retention));
        return switch (result) {
            case ClaimResult.Claimed claimed -> new Decision.Proceed(key, claimed.runId(), claimed.claimToken());
            case ClaimResult.Existing existing -> decide(existing.record(), payloadHash, now);
        };
    }

    public boolean complete(Decision.Proceed claim, int status, String body) {
        return store.complete(claim.key(), claim.claimToken(), status, body);
    }

    public boolean release(Decision.Proceed claim) {
        return store.release(claim.key(), claim.claimToken());
    }

    private static Decision decide(DeliveryRecord record, String payloadHash, Instant now) {
        if (!record.payloadHash().equals(payloadHash)) {
            return new Decision.PayloadMismatch();
        }
        if (record.status() == DeliveryRecord.Status.COMPLETED) {
            return new Decision.Replay(record.responseStatus(), record.responseBody());
        }
        Duration left = record.leaseExpiresAt() == null ? Duration.ZERO : Duration.between(now, record.leaseExpiresAt());
        return new Decision.InProgress(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
    }
}

package io.hookrun.idempotency;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The conditions of {@link DynamoDbIdempotencyStore}, in memory: a key is claimable when absent, past its
 * retention ({@code expiresAt < now}) or IN_PROGRESS with {@code leaseExpiresAt < now}; a takeover of a live
 * record keeps its run id; complete and release need the holder's claim token.
 */
final class InMemoryIdempotencyStore implements IdempotencyStore {

    private final Map<DeliveryKey, DeliveryRecord> records = new HashMap<>();

    @Override
    public synchronized ClaimResult claim(DeliveryKey key, String proposedRunId, String claimToken, String payloadHash,
                                          Instant now, Instant leaseExpiresAt, Instant expiresAt) {
        DeliveryRecord old = records.get(key);
        boolean retained = old != null && !old.expiresAt().isBefore(now);
        boolean leaseExpired = old != null && old.status() == DeliveryRecord.Status.IN_PROGRESS
                && old.leaseExpiresAt().isBefore(now);
        if (retained && !leaseExpired) {
            return new ClaimResult.Existing(old);
        }
        String runId = retained ? old.runId() : proposedRunId; // retained here means: a dead holder's live record
        records.put(key, new DeliveryRecord(key, DeliveryRecord.Status.IN_PROGRESS, runId, claimToken,
                leaseExpiresAt, expiresAt, payloadHash, 0, null));
        return new ClaimResult.Claimed(runId, claimToken);
    }

    @Override
    public synchronized boolean complete(DeliveryKey key, String claimToken, int responseStatus, String responseBody) {
        DeliveryRecord old = records.get(key);
        if (old == null || !claimToken.equals(old.claimToken())) {
            return false;
        }
        records.put(key, new DeliveryRecord(key, DeliveryRecord.Status.COMPLETED, old.runId(), null, null,
                old.expiresAt(), old.payloadHash(), responseStatus, responseBody));
        return true;
    }

    @Override
    public synchronized boolean release(DeliveryKey key, String claimToken) {
        DeliveryRecord old = records.get(key);
        return old != null && claimToken.equals(old.claimToken()) && records.remove(key) != null;
    }

    synchronized Optional<DeliveryRecord> record(DeliveryKey key) {
        return Optional.ofNullable(records.get(key));
    }
}

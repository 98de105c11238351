package io.hookrun.core.idempotency;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The conditions of {@link DynamoDbIdempotencyStore}, in memory and at the same granularity: a key is claimed
 * afresh when absent or past its retention ({@code expiresAt < now}, in epoch seconds); an IN_PROGRESS record
 * whose lease ended ({@code leaseExpiresAt < now}, in epoch milliseconds) is taken over only for the same
 * payload hash, keeping its run id and payload and replacing claim token, lease and retention; any other record
 * is returned as it is. Complete and release need the holder's claim token; complete refuses a null body.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    private final Map<DeliveryKey, DeliveryRecord> records = new HashMap<>();

    @Override
    public synchronized ClaimResult claim(DeliveryKey key, String proposedRunId, String claimToken, String payloadHash,
                                          Instant now, Instant leaseExpiresAt, Instant expiresAt) {
        DeliveryRecord old = records.get(key);
        if (old == null || old.expiresAt().getEpochSecond() < now.getEpochSecond()) {
            records.put(key, new DeliveryRecord(key, DeliveryRecord.Status.IN_PROGRESS, proposedRunId, claimToken,
                    leaseExpiresAt, expiresAt, payloadHash, 0, null));
            return new ClaimResult.Claimed(proposedRunId, claimToken);
        }
        boolean deadClaimOfThisPayload = old.status() == DeliveryRecord.Status.IN_PROGRESS
                && old.leaseExpiresAt().toEpochMilli() < now.toEpochMilli()
                && old.payloadHash().equals(payloadHash);
        if (!deadClaimOfThisPayload) {
            return new ClaimResult.Existing(old);
        }
        records.put(key, new DeliveryRecord(key, DeliveryRecord.Status.IN_PROGRESS, old.runId(), claimToken,
                leaseExpiresAt, expiresAt, old.payloadHash(), 0, null));
        return new ClaimResult.Claimed(old.runId(), claimToken);
    }

    @Override
    public synchronized boolean complete(DeliveryKey key, String claimToken, int responseStatus, String responseBody) {
        Objects.requireNonNull(responseBody, "responseBody must not be null: it is the answer replayed to duplicates");
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

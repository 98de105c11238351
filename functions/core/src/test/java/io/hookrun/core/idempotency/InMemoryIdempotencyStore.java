package io.hookrun.core.idempotency;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The conditions of {@code DynamoDbIdempotencyStore}, in memory and at the same granularity: a key is claimed
 * afresh when absent or past its retention ({@code expiresAt < now}, in epoch seconds); an IN_PROGRESS record
 * whose lease ended ({@code leaseExpiresAt < now}, in epoch milliseconds) is taken over only for the same
 * payload hash, keeping its run id and payload and replacing claim token, lease and retention; any other record
 * is returned as it is. Complete and abandon need the holder's claim token; complete refuses a null body; abandon
 * only moves the lease end to {@code now}.
 *
 * <p>For failure paths, each operation can be told to throw ({@link #fail}), as the real store does when DynamoDB
 * is unreachable (an SDK exception) or when hookrun has a bug (any other exception).
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    /** The store's operations, for {@link #fail}. */
    public enum Operation { CLAIM, COMPLETE, ABANDON }

    private final Map<DeliveryKey, DeliveryRecord> records = new HashMap<>();
    private final Map<Operation, RuntimeException> failures = new EnumMap<>(Operation.class);

    /** Every following call of {@code operation} throws {@code failure} and changes nothing (null: it works again). */
    public synchronized void fail(Operation operation, RuntimeException failure) {
        if (failure == null) {
            failures.remove(operation);
        } else {
            failures.put(operation, failure);
        }
    }

    @Override
    public synchronized ClaimResult claim(DeliveryKey key, String proposedRunId, String claimToken, String payloadHash,
                                          Instant now, Instant leaseExpiresAt, Instant expiresAt) {
        throwIfFailing(Operation.CLAIM);
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
        throwIfFailing(Operation.COMPLETE);
        DeliveryRecord old = records.get(key);
        if (old == null || !claimToken.equals(old.claimToken())) {
            return false;
        }
        records.put(key, new DeliveryRecord(key, DeliveryRecord.Status.COMPLETED, old.runId(), null, null,
                old.expiresAt(), old.payloadHash(), responseStatus, responseBody));
        return true;
    }

    @Override
    public synchronized boolean abandon(DeliveryKey key, String claimToken, Instant now) {
        throwIfFailing(Operation.ABANDON);
        DeliveryRecord old = records.get(key);
        if (old == null || !claimToken.equals(old.claimToken())) {
            return false;
        }
        records.put(key, new DeliveryRecord(key, old.status(), old.runId(), old.claimToken(), now,
                old.expiresAt(), old.payloadHash(), old.responseStatus(), old.responseBody()));
        return true;
    }

    /** The stored record of {@code key}, as a test inspects the table. */
    public synchronized Optional<DeliveryRecord> record(DeliveryKey key) {
        return Optional.ofNullable(records.get(key));
    }

    private void throwIfFailing(Operation operation) {
        RuntimeException failure = failures.get(operation);
        if (failure != null) {
            throw failure;
        }
    }
}

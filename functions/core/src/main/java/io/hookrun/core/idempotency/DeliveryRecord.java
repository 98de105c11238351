package io.hookrun.core.idempotency;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * The stored state of one delivery.
 *
 * @param claimToken     set while IN_PROGRESS: only its holder may complete or release the claim, so a rejected
 *                       duplicate can never delete a lock it does not hold
 * @param leaseExpiresAt when an IN_PROGRESS claim whose invocation died may be taken over
 * @param expiresAt      when the key is forgotten (DynamoDB TTL; expired items are also ignored on read
 *                       because TTL deletion can lag by days)
 * @param payloadHash    SHA-256 of the body: the same delivery id with another body is refused, not replayed
 * @param responseStatus the answer given, replayed to duplicates once COMPLETED
 */
public record DeliveryRecord(DeliveryKey key, Status status, String runId, @Nullable String claimToken,
                             @Nullable Instant leaseExpiresAt, Instant expiresAt, String payloadHash,
                             int responseStatus, @Nullable String responseBody) {

    public enum Status { IN_PROGRESS, COMPLETED }
}

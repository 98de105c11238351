package io.hookrun.core.idempotency;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * The stored state of one delivery.
 *
 * @param claimToken     set while IN_PROGRESS: only its holder may complete or abandon the claim, so a rejected
 *                       duplicate can never finish or free a claim it does not hold
 * @param leaseExpiresAt after this, an IN_PROGRESS claim may be taken over: its invocation died, or it abandoned
 *                       the claim when its work failed (which sets this to that moment)
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

package io.hookrun.core.signature;

import java.time.Instant;

/**
 * A delivery whose signature checked out.
 *
 * @param deliveryId the sender's id for this event ({@code webhook-id} for Standard Webhooks); together with
 *                   the trigger id it is the idempotency key, so a redelivery never starts a second run
 * @param signedAt   the timestamp the sender signed
 */
public record VerifiedDelivery(String deliveryId, Instant signedAt) {
}

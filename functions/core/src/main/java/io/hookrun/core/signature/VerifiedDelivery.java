package io.hookrun.core.signature;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * What a scheme learned from a delivery whose signature checked out. Where a scheme names its ids inside the body
 * (Stripe's {@code id} and {@code type}) it gives JSON pointers instead of values: the body is parsed once, after
 * verification, by the ingestion path, which resolves them.
 *
 * @param deliveryId        the sender's id for this delivery from a header ({@code webhook-id},
 *                          {@code X-GitHub-Delivery}); null when the scheme carries none in a header
 * @param deliveryIdPointer a JSON pointer into the body to the delivery id ({@code /id} for Stripe); null: none
 * @param eventType         the sender's event type from a header ({@code X-GitHub-Event}); null: none
 * @param eventTypePointer  a JSON pointer into the body to the event type ({@code /type}); null: none
 * @param signedAt          the timestamp the sender signed; null when the scheme signs none (GitHub, {@code none})
 */
public record VerifiedDelivery(@Nullable String deliveryId, @Nullable String deliveryIdPointer,
                               @Nullable String eventType, @Nullable String eventTypePointer,
                               @Nullable Instant signedAt) {

    /** Ids from headers. */
    public static VerifiedDelivery fromHeaders(@Nullable String deliveryId, @Nullable String eventType,
                                               @Nullable Instant signedAt) {
        return new VerifiedDelivery(deliveryId, null, eventType, null, signedAt);
    }
}

package io.hookrun.webhook;

import io.hookrun.core.signature.VerifiedDelivery;
import io.hookrun.core.signature.WebhookRequest;
import io.hookrun.core.trigger.EventSettings;
import io.micronaut.core.annotation.Nullable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Which delivery this is and what kind of event it carries, taken from the first source that has it (ADR 0006).
 *
 * <p>The delivery id: the scheme's header ({@code webhook-id}, {@code X-GitHub-Delivery}), the scheme's body pointer
 * (Stripe's {@code /id}), the trigger's {@code event.idempotencyKeyPointer}, the CloudEvent's {@code id}
 * (structured, or {@code ce-id}), an {@code Idempotency-Key} header. Never a hash of the body: two genuine events
 * with the same bytes are two events. Pointers look into the body as sent (for a structured CloudEvent, the
 * envelope). A pointer to a number gives its decimal text; to an object, an array, null, a boolean or an empty
 * string, a 400: an id must be something the sender can send again identically.
 *
 * <p>The event type: the scheme's header ({@code X-GitHub-Event}), the scheme's body pointer (Stripe's {@code /type}),
 * the CloudEvent's {@code type}; null when none has one.
 *
 * @param fromScheme whether {@code eventType} came from the signature scheme, whose CloudEvent type convention then
 *                   applies ({@code com.github.push})
 */
record EventIdentity(String deliveryId, @Nullable String eventType, boolean fromScheme) {

    static final String IDEMPOTENCY_KEY = "idempotency-key";

    /**
     * @param document   the parsed body pointers look into; null when it is not JSON (binary data)
     * @param cloudEvent the sender's CloudEvent; null when the body is wrapped into one
     */
    static EventIdentity of(VerifiedDelivery delivery, EventSettings settings, WebhookRequest request,
                            @Nullable Object document, @Nullable SenderCloudEvent cloudEvent)
            throws EventRefusedException {
        String deliveryId = deliveryId(delivery, settings, request, document, cloudEvent);
        if (present(delivery.eventType())) {
            return new EventIdentity(deliveryId, delivery.eventType(), true);
        }
        if (delivery.eventTypePointer() != null && document != null) {
            Optional<JsonPointer.Found> found = JsonPointer.resolve(document, delivery.eventTypePointer());
            if (found.isPresent()) {
                if (!(found.get().value() instanceof String type) || type.isEmpty()) {
                    throw new EventRefusedException(EventProblem.INVALID_EVENT_TYPE, "the event type at "
                            + delivery.eventTypePointer() + " in the body must be a non-empty string");
                }
                return new EventIdentity(deliveryId, type, true);
            }
        }
        return new EventIdentity(deliveryId, cloudEvent == null ? null : cloudEvent.type(), false);
    }

    private static String deliveryId(VerifiedDelivery delivery, EventSettings settings, WebhookRequest request,
                                     @Nullable Object document, @Nullable SenderCloudEvent cloudEvent)
            throws EventRefusedException {
        if (present(delivery.deliveryId())) {
            return delivery.deliveryId();
        }
        Optional<String> pointed = pointed(document, delivery.deliveryIdPointer(), "the signature scheme's");
        if (pointed.isPresent()) {
            return pointed.get();
        }
        pointed = pointed(document, settings.idempotencyKeyPointer(), "the trigger's idempotencyKeyPointer");
        if (pointed.isPresent()) {
            return pointed.get();
        }
        if (cloudEvent != null) {
            return cloudEvent.id();
        }
        Optional<String> key = request.header(IDEMPOTENCY_KEY).map(EventIdentity::unquoted).filter(k -> !k.isEmpty());
        if (key.isPresent()) {
            return key.get();
        }
        throw new EventRefusedException(EventProblem.MISSING_DELIVERY_ID, "hookrun found no delivery id in this "
                + "request: the signature scheme carries none here, "
                + (settings.idempotencyKeyPointer() == null ? "the trigger names no event.idempotencyKeyPointer"
                        : "the body has nothing at the trigger's idempotencyKeyPointer " + settings.idempotencyKeyPointer())
                + ", the request is not a CloudEvent, and it has no Idempotency-Key header. Send one of these, so that "
                + "a retry of this delivery is recognised and starts no second run");
    }

    private static Optional<String> pointed(@Nullable Object document, @Nullable String pointer, String whose)
            throws EventRefusedException {
        if (pointer == null || document == null) {
            return Optional.empty();
        }
        Optional<JsonPointer.Found> found = JsonPointer.resolve(document, pointer);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Object value = found.get().value();
        String id = switch (value) {
            case String text -> text;
            case BigDecimal decimal -> decimal.toPlainString(); // bounded: JsonBodyReader caps the exponent
            case Integer number -> number.toString();
            case Long number -> number.toString();
            case BigInteger number -> number.toString();
            case null, default -> null;
        };
        if (id == null || id.isEmpty()) {
            throw new EventRefusedException(EventProblem.INVALID_DELIVERY_ID, "the delivery id at " + pointer
                    + " (" + whose + " pointer) must be a non-empty string or a number, not "
                    + describe(value));
        }
        return Optional.of(id);
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String ignored -> "an empty string";
            case Boolean ignored -> "a boolean";
            case java.util.Map<?, ?> ignored -> "an object";
            case java.util.List<?> ignored -> "an array";
            default -> "a " + value.getClass().getSimpleName();
        };
    }

    /** The IETF Idempotency-Key draft writes the key as a structured-field string, in quotes; many clients do not. */
    private static String unquoted(String key) {
        String trimmed = key.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }
}

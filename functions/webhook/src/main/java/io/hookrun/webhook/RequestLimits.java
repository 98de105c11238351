package io.hookrun.webhook;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The limits a webhook request meets before anything is looked up: header sizes, the trigger id's syntax, and (once
 * the scheme has named it) the delivery id's. Each refusal is specific, so a sender can tell what to fix, and none
 * costs a DynamoDB request: a trigger id the admin API would never have accepted cannot name a trigger, and an id
 * over DynamoDB's 2048-byte partition key limit would otherwise fail as a 500 (a
 * {@code ValidationException}: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
 */
public final class RequestLimits {

    /** Largest header value, in UTF-8 bytes. */
    public static final int MAX_HEADER_BYTES = 8 * 1024;
    /** Largest sum of every header's name and value, in UTF-8 bytes. */
    public static final int MAX_HEADERS_BYTES = 32 * 1024;
    /** Longest delivery id: it is part of a DynamoDB key ({@code DeliveryKey}), and no sender's ids come close. */
    public static final int MAX_DELIVERY_ID_LENGTH = 256;
    /** The trigger ids the admin API accepts (its {@code ResourceIds}): letters, digits, {@code _ . -}, 128 at most. */
    private static final Pattern TRIGGER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private RequestLimits() {
    }

    /** Why a request is refused before it is read. */
    public sealed interface Violation {
    }

    /** One header's value ({@code header} names it), or all headers together ({@code header} null), is too large. */
    public record HeadersTooLarge(@Nullable String header, int bytes, int maxBytes) implements Violation {
    }

    /**
     * The path does not name a trigger in the admin API's syntax: none at all, an empty or odd segment ({@code ..},
     * an encoded slash), or characters no trigger id has. Answered like an unknown trigger.
     */
    public record MalformedTriggerId(@Nullable String triggerId) implements Violation {
    }

    /** The delivery id is too long or has characters other than printable ASCII. */
    public record InvalidDeliveryId(String detail) implements Violation {
    }

    /**
     * Checks the path and headers.
     *
     * @param rawPath   the path as sent, still percent-encoded (null when unknown): an id that only matches once
     *                  decoded ({@code %2F}, {@code %6F}) is odd and refused
     * @param triggerId the path parameter, as API Gateway decoded it
     */
    public static Optional<Violation> checkRequest(@Nullable String rawPath, @Nullable String triggerId,
                                                   Map<String, String> headers) {
        int total = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            int valueBytes = utf8Bytes(header.getValue());
            if (valueBytes > MAX_HEADER_BYTES) {
                return Optional.of(new HeadersTooLarge(header.getKey(), valueBytes, MAX_HEADER_BYTES));
            }
            total += utf8Bytes(header.getKey()) + valueBytes;
        }
        if (total > MAX_HEADERS_BYTES) {
            return Optional.of(new HeadersTooLarge(null, total, MAX_HEADERS_BYTES));
        }
        if (!isTriggerId(triggerId) || (rawPath != null && !rawPath.endsWith("/" + triggerId))) {
            return Optional.of(new MalformedTriggerId(triggerId));
        }
        return Optional.empty();
    }

    /** Checks a delivery id, wherever the scheme found it. */
    public static Optional<Violation> checkDeliveryId(String deliveryId) {
        if (deliveryId.isEmpty()) {
            return Optional.of(new InvalidDeliveryId("the delivery id is empty"));
        }
        if (deliveryId.length() > MAX_DELIVERY_ID_LENGTH) {
            return Optional.of(new InvalidDeliveryId("the delivery id has " + deliveryId.length()
                    + " characters; at most " + MAX_DELIVERY_ID_LENGTH + " are accepted"));
        }
        for (int i = 0; i < deliveryId.length(); i++) {
            char c = deliveryId.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return Optional.of(new InvalidDeliveryId("the delivery id may contain only printable ASCII characters"
                        + " (no spaces or control characters); character " + (i + 1) + " is not one"));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code id} has the syntax of a trigger id. */
    public static boolean isTriggerId(@Nullable String id) {
        return id != null && TRIGGER_ID.matcher(id).matches();
    }

    private static int utf8Bytes(@Nullable String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}

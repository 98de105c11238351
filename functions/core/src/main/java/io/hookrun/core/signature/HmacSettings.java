package io.hookrun.core.signature;

import io.micronaut.core.annotation.Nullable;

/**
 * The generic {@code hmac} scheme, configured per trigger as EventBridge inbound webhooks and Hookdeck allow.
 *
 * @param header            the request header holding the signature, e.g. {@code X-Signature}
 * @param prefix            text before the signature in that header, e.g. {@code sha256=}; null: none
 * @param encoding          how the MAC is written
 * @param algorithm         the MAC
 * @param signed            what is signed
 * @param separator         between timestamp and body when {@code signed} is {@link Signed#TIMESTAMP_BODY};
 *                          null: {@code "."}
 * @param timestampHeader   the header carrying the Unix time in seconds; required for
 *                          {@link Signed#TIMESTAMP_BODY}, optional otherwise (then only checked against the
 *                          tolerance)
 * @param deliveryIdHeader  the header carrying the delivery id; at most one of this and {@code deliveryIdPointer}
 * @param deliveryIdPointer a JSON pointer into the body carrying the delivery id
 * @param eventTypeHeader   the header carrying the event type; null: none (the body's {@code type} is not guessed)
 */
public record HmacSettings(String header, @Nullable String prefix, Encoding encoding, Algorithm algorithm,
                           Signed signed, @Nullable String separator, @Nullable String timestampHeader,
                           @Nullable String deliveryIdHeader, @Nullable String deliveryIdPointer,
                           @Nullable String eventTypeHeader) {

    /** How the MAC is written in the header. */
    public enum Encoding { HEX, BASE64 }

    /** The MAC algorithm. */
    public enum Algorithm { SHA256, SHA512 }

    /** What the MAC covers: the raw body, or the timestamp header's value + separator + raw body. */
    public enum Signed { BODY, TIMESTAMP_BODY }

    public String separatorOrDefault() {
        return separator == null ? "." : separator;
    }
}

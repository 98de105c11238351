package io.hookrun.core.trigger;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * What a trigger accepts besides a valid signature (the {@code event} object of the admin API's trigger body).
 * Every field is optional; {@link #DEFAULTS} accepts every event type, JSON/text/form/empty bodies and CloudEvents,
 * up to the deployment's body limit, with no schema and no rate limit.
 *
 * @param idempotencyKeyPointer a JSON pointer into the body naming the delivery id, for senders whose scheme carries
 *                              none ({@code none}, some {@code hmac} set-ups); see ADR 0006 for the order of sources
 * @param types                 the event types accepted; others are answered 202 {@code FILTERED} and start nothing.
 *                              Empty: all
 * @param schema                a JSON Schema (draft 2020-12) for the event's {@code data}, as JSON text; null: none
 * @param contentTypes          media types accepted besides JSON, text, form and empty bodies; their bodies travel
 *                              as {@code data_base64}
 * @param maxBodyBytes          a lower body limit than the deployment's; null: the deployment's
 * @param rateLimit             null: no limit
 */
public record EventSettings(@Nullable String idempotencyKeyPointer, List<String> types, @Nullable String schema,
                            List<String> contentTypes, @Nullable Integer maxBodyBytes, @Nullable RateLimit rateLimit) {

    public static final EventSettings DEFAULTS = new EventSettings(null, List.of(), null, List.of(), null, null);

    public EventSettings {
        types = types == null ? List.of() : List.copyOf(types);
        contentTypes = contentTypes == null ? List.of() : List.copyOf(contentTypes);
    }
}

package io.hookrun.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How much JSON the webhook function reads from a sender (ADR 0006), bound from {@code hookrun.webhook.*}
 * ({@code HOOKRUN_WEBHOOK_MAX_JSON_DEPTH}...). A run's input is read back by every state and by the admin API: a
 * body nested 999 deep was once accepted and its run then failed on every read, so limits apply at the door.
 *
 * @param maxJsonDepth       deepest nesting of objects and arrays (the top-level value is depth 1); default 64
 * @param maxJsonStringChars longest string, value or member name, in characters; default 262144 (256 KiB)
 * @param maxJsonNumberChars longest number as written (sign, digits, point, exponent); default 100
 */
@ConfigurationProperties("hookrun.webhook")
public record JsonLimits(@Bindable(defaultValue = "64") int maxJsonDepth,
                         @Bindable(defaultValue = "262144") int maxJsonStringChars,
                         @Bindable(defaultValue = "100") int maxJsonNumberChars) {

    /** The defaults, for tests and tools that build readers by hand. */
    public static final JsonLimits DEFAULTS = new JsonLimits(64, 262_144, 100);

    public JsonLimits {
        if (maxJsonDepth < 1 || maxJsonStringChars < 1 || maxJsonNumberChars < 1) {
            throw new IllegalArgumentException("hookrun.webhook JSON limits must be at least 1");
        }
    }
}

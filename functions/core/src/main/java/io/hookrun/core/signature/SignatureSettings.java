package io.hookrun.core.signature;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * How a trigger's senders sign: the {@code signature} object of the admin API's trigger body, minus the secrets.
 *
 * @param scheme    {@code standard-webhooks}, {@code github}, {@code stripe}, {@code hmac} or {@code none}
 * @param tolerance how far a signed timestamp may be from now, either way; null: {@link #DEFAULT_TOLERANCE}.
 *                  Ignored by schemes that carry no timestamp (GitHub)
 * @param hmac      the generic scheme's settings; required for {@code hmac}, null for the others
 */
public record SignatureSettings(String scheme, @Nullable Duration tolerance, @Nullable HmacSettings hmac) {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
    public static final String NONE = "none";

    public static SignatureSettings of(String scheme) {
        return new SignatureSettings(scheme, null, null);
    }

    public Duration toleranceOrDefault() {
        return tolerance == null ? DEFAULT_TOLERANCE : tolerance;
    }
}

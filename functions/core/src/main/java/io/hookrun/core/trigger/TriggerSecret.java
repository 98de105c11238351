package io.hookrun.core.trigger;

import io.micronaut.core.annotation.Nullable;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One signing secret of a trigger. During a rotation a trigger holds several: the new one, and the previous ones
 * until their {@code expiresAt} (the overlap), so deliveries signed with either verify and rotation has no gap.
 *
 * @param id        a short public handle ({@code sec_<hex>}), shown by the admin API so one secret can be retired;
 *                  it says nothing about the value
 * @param value     the secret itself, in clear in memory only: stores encrypt it at rest, and no API, log or error
 *                  ever shows it after the answer that created it
 * @param createdAt when it was added
 * @param expiresAt when it stops verifying; null while it is the current secret
 */
public record TriggerSecret(String id, String value, Instant createdAt, @Nullable Instant expiresAt) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh secret handle; random, so it cannot be guessed from or lead to the value. */
    public static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "sec_" + HexFormat.of().formatHex(bytes);
    }

    /** A current (non-expiring) secret with a fresh id. */
    public static TriggerSecret current(String value, Instant now) {
        return new TriggerSecret(newId(), value, now, null);
    }

    /** Whether it still verifies at {@code now}. */
    public boolean activeAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }

    /** Never prints the value. */
    @Override
    public String toString() {
        return "TriggerSecret[id=" + id + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + ", value hidden]";
    }
}

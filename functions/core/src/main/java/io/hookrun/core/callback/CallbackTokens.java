package io.hookrun.core.callback;

import java.util.Optional;

/**
 * Issues and verifies task tokens: {@code hrt1.<payload>.<mac>} where the payload encodes a {@link CallbackToken}
 * and the mac is HMAC-SHA256 under the deployment's callback key (Secrets Manager when deployed,
 * {@code .hookrun/callback.key} locally). The same step always gets the same token, so a step re-executed after a
 * crash sends the same token again; single use is enforced by run history, not by the token (docs/adr/0007).
 */
public final class CallbackTokens {

    private final byte[] key;

    /** @param key at least 32 bytes */
    public CallbackTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a callback key has at least 32 bytes, got " + key.length);
        }
        this.key = key.clone();
    }

    /** The token of {@code step}; URL-safe (it is a path segment of {@code /callbacks/{token}/...}). */
    public String issue(CallbackToken step) {
        throw new UnsupportedOperationException("contract of issue 9: built by h-callbacks");
    }

    /** The step {@code token} names, when it is well formed and its mac verifies (compared in constant time). */
    public Optional<CallbackToken> verify(String token) {
        throw new UnsupportedOperationException("contract of issue 9: built by h-callbacks");
    }
}

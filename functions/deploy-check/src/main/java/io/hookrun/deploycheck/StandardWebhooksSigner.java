package io.hookrun.deploycheck;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signs as a Standard Webhooks sender does, with nothing of hookrun's verifier: {@code v1,} + base64 of
 * HMAC-SHA256, keyed with the base64-decoded part of a {@code whsec_} secret, over {@code id.timestamp.body}
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#signature-scheme).
 * Written apart from the verifier on purpose: a check that signed with the verifier's own code could not see a
 * change that breaks real senders.
 */
final class StandardWebhooksSigner {

    private static final String SECRET_PREFIX = "whsec_";

    private StandardWebhooksSigner() {
    }

    /** A fresh secret, 32 random bytes: the spec allows 24 to 64. */
    static String newSecret(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header value. */
    static String sign(String secret, String id, long timestampSeconds, byte[] body) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("not a whsec_ secret");
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

package io.hookrun.core.signature;

import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * No signature: every request is taken as genuine. Only a trigger that names it explicitly gets it (never a
 * default), it holds no secret, and the admin API marks such a trigger {@code "unsigned": true} on every read.
 * Its deliveries still need an id (the trigger's pointer, a CloudEvent id or an {@code Idempotency-Key} header).
 */
@Singleton
public class NoneScheme implements SignatureScheme {

    public static final String NAME = SignatureSettings.NONE;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VerifiedDelivery verify(WebhookRequest request, SignatureSettings settings, List<String> secrets,
                                   Instant now) {
        return new VerifiedDelivery(null, null, null, null, null);
    }

    @Override
    public String secretProblem(String secret) {
        return "scheme none takes no secret";
    }

    @Override
    public boolean needsSecrets() {
        return false;
    }

    /** @throws UnsupportedOperationException always: there is nothing to generate */
    @Override
    public String newSecret(SecureRandom random) {
        throw new UnsupportedOperationException("scheme none takes no secret; choose a signing scheme to add secrets");
    }

    @Override
    public Map<String, String> sign(SignatureSettings settings, String signingSecret, String deliveryId,
                                    String eventType, Instant timestamp, byte[] body) {
        return Map.of();
    }
}

package io.hookrun.core.signature;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One way senders sign webhooks ({@code standard-webhooks}, {@code github}, {@code stripe}, {@code hmac},
 * {@code none}): its headers, how it finds the delivery id and event type, and what its secrets look like.
 * Each is a bean; {@link SignatureVerifier} finds them by {@link #name()}.
 *
 * <p>Every scheme verifies the raw body bytes before anything is parsed, compares in constant time, checks every
 * offered signature against every active secret without stopping early, and never puts a secret or a computed
 * signature in an exception message.
 */
public interface SignatureScheme {

    /** The name triggers use to select this scheme, e.g. {@code standard-webhooks}. */
    String name();

    /**
     * Checks the request against every active secret (several during a rotation).
     *
     * @param secrets the trigger's active secret values, newest first
     * @return the delivery id, event type and signing time of a genuine request
     * @throws SignatureVerificationException when no secret produced a matching signature, or the request
     *                                        is malformed or outside the replay window
     */
    VerifiedDelivery verify(WebhookRequest request, SignatureSettings settings, List<String> secrets, Instant now)
            throws SignatureVerificationException;

    /**
     * Why {@code settings} cannot be used with this scheme (e.g. {@code hmac} without its settings); empty: fine.
     * Only {@code hmac} takes {@code signature.hmac}; every other scheme refuses it rather than ignore it.
     */
    default List<String> settingsProblems(SignatureSettings settings) {
        return settings.hmac() == null ? List.of() : List.of("signature.hmac is only for scheme hmac");
    }

    /**
     * Why {@code secret} cannot be used with this scheme (the Standard Webhooks length bounds, a {@code whpk_}
     * public key's size...), or {@code null} when it can. Never echoes the secret.
     */
    String secretProblem(String secret);

    /** Whether a trigger of this scheme needs at least one secret; false only for {@code none}. */
    default boolean needsSecrets() {
        return true;
    }

    /** A new random secret in this scheme's own format, for {@code POST /admin/triggers/{id}/secrets} without a body. */
    String newSecret(SecureRandom random);

    /**
     * The headers a sender holding {@code signingSecret} sends with {@code body} (used by {@code hookrun send} and
     * tests). For Standard Webhooks a {@code whsk_} private key signs {@code v1a}, a {@code whsec_} secret {@code v1}.
     *
     * @param deliveryId ignored by schemes whose id is in the body (Stripe)
     * @param eventType  ignored by schemes with no event-type header
     */
    Map<String, String> sign(SignatureSettings settings, String signingSecret, String deliveryId, String eventType,
                             Instant timestamp, byte[] body);

    /**
     * The CloudEvent {@code type} for an event of {@code eventType} from this scheme, e.g. {@code com.github.push},
     * {@code com.stripe.invoice.paid}; a scheme with no convention returns {@code eventType} unchanged.
     */
    default String cloudEventType(String eventType) {
        return eventType;
    }
}

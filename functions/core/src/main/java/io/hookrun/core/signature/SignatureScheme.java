package io.hookrun.core.signature;

import java.time.Instant;
import java.util.List;

/**
 * One way senders sign webhooks (Standard Webhooks now; GitHub, Stripe and others are further
 * implementations). A scheme knows its headers, how it derives the delivery id, and what its secrets look like.
 */
public interface SignatureScheme {

    /** The name triggers use to select this scheme, e.g. {@code standard-webhooks}. */
    String name();

    /**
     * Checks the request against every active secret (several during a rotation).
     *
     * @return the delivery id and signing time of a genuine request
     * @throws SignatureVerificationException when no secret produced a matching signature, or the request
     *                                        is malformed or outside the replay window
     */
    VerifiedDelivery verify(WebhookRequest request, List<String> secrets, Instant now)
            throws SignatureVerificationException;

    /** Why {@code secret} cannot be used with this scheme, or {@code null} when it can. Never echoes the secret. */
    String secretProblem(String secret);
}

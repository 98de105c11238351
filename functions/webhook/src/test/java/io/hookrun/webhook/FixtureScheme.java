package io.hookrun.webhook;

import io.hookrun.core.signature.SignatureScheme;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.SignatureVerificationException;
import io.hookrun.core.signature.VerifiedDelivery;
import io.hookrun.core.signature.WebhookRequest;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A signature scheme for the event-contract tests, which are about what happens after verification: a request is
 * genuine when its {@code x-fixture-signature} header says {@code genuine}. Like a real scheme it names where the
 * delivery id and event type are: in headers ({@code x-fixture-delivery}, {@code x-fixture-event}, as GitHub does),
 * in the body (pointers, as Stripe does), or nowhere (as {@code none} does). Its CloudEvent types are
 * {@code com.example.<type>}.
 */
record FixtureScheme(String name, String deliveryIdPointer, String eventTypePointer) implements SignatureScheme {

    static final String SIGNATURE = "x-fixture-signature";
    static final String DELIVERY = "x-fixture-delivery";
    static final String EVENT = "x-fixture-event";

    /** Ids in headers, when the request has them. */
    static FixtureScheme headerIds() {
        return new FixtureScheme("fixture-headers", null, null);
    }

    /** Ids in the body at {@code /id} and {@code /type}. */
    static FixtureScheme bodyIds() {
        return new FixtureScheme("fixture-body", "/id", "/type");
    }

    /** The genuine headers, plus {@code more} (name, value, name, value...). */
    static Map<String, String> genuine(String... more) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put(SIGNATURE, "genuine");
        for (int i = 0; i < more.length; i += 2) {
            headers.put(more[i], more[i + 1]);
        }
        return headers;
    }

    @Override
    public VerifiedDelivery verify(WebhookRequest request, SignatureSettings settings, List<String> secrets,
                                   Instant now) throws SignatureVerificationException {
        if (!request.header(SIGNATURE).orElse("").equals("genuine")) {
            throw new SignatureVerificationException("missing " + SIGNATURE + " header");
        }
        if (deliveryIdPointer != null) {
            return new VerifiedDelivery(null, deliveryIdPointer, null, eventTypePointer, null);
        }
        return VerifiedDelivery.fromHeaders(request.header(DELIVERY).orElse(null), request.header(EVENT).orElse(null),
                null);
    }

    @Override
    public String cloudEventType(String eventType) {
        return "com.example." + eventType;
    }

    @Override
    public String secretProblem(String secret) {
        return null;
    }

    @Override
    public boolean needsSecrets() {
        return false;
    }

    @Override
    public String newSecret(SecureRandom random) {
        return "fixture";
    }

    @Override
    public Map<String, String> sign(SignatureSettings settings, String signingSecret, String deliveryId,
                                    String eventType, Instant timestamp, byte[] body) {
        return genuine(DELIVERY, deliveryId, EVENT, eventType);
    }
}

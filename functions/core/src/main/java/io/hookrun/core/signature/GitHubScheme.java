package io.hookrun.core.signature;

import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * GitHub webhooks (docs.github.com, "Validating webhook deliveries"): {@code X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256 of the raw body>}, keyed with the webhook secret's UTF-8 bytes exactly as typed into
 * GitHub; the delivery id is {@code X-GitHub-Delivery}, the event type {@code X-GitHub-Event} ({@code ping} is an
 * event like any other). The header must be {@code sha256=} and 64 hex digits; GitHub sends lower case, and the hex
 * is decoded before the comparison (as {@code @octokit/webhooks-methods} does), so either case passes. The legacy
 * SHA-1 {@code X-Hub-Signature} is not accepted.
 *
 * <p>GitHub signs no timestamp, so there is no replay window: a replay is stopped by its delivery id, which the
 * delivery claims remember for their retention (ADR 0006); a copy within it is answered with the stored answer and
 * starts nothing.
 */
@Singleton
public class GitHubScheme implements SignatureScheme {

    public static final String NAME = "github";
    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    static final String DELIVERY_HEADER = "X-GitHub-Delivery";
    static final String EVENT_HEADER = "X-GitHub-Event";
    private static final String PREFIX = "sha256=";
    static final int MAX_SECRET_CHARS = 1024;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VerifiedDelivery verify(WebhookRequest request, SignatureSettings settings, List<String> secrets,
                                   Instant now) throws SignatureVerificationException {
        String header = request.header(SIGNATURE_HEADER).orElse(null);
        if (header == null) {
            throw new SignatureVerificationException(request.header("X-Hub-Signature").isPresent()
                    ? "missing " + SIGNATURE_HEADER + " header (the SHA-1 X-Hub-Signature is not accepted)"
                    : "missing " + SIGNATURE_HEADER + " header");
        }
        String deliveryId = request.header(DELIVERY_HEADER)
                .orElseThrow(() -> new SignatureVerificationException("missing " + DELIVERY_HEADER + " header"));
        String eventType = request.header(EVENT_HEADER)
                .orElseThrow(() -> new SignatureVerificationException("missing " + EVENT_HEADER + " header"));
        String value = header.strip();
        byte[] offered = value.startsWith(PREFIX) ? HmacFunction.hex(value.substring(PREFIX.length()), 32) : null;
        if (offered == null) {
            throw new SignatureVerificationException(SIGNATURE_HEADER + " is not 'sha256=' followed by 64 hex digits");
        }
        boolean matched = false;
        for (String secret : secrets) {
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            if (key.length > 0) {
                matched |= HmacFunction.anyEquals(HmacFunction.SHA256.mac(key, request.body()), List.of(offered));
            }
        }
        if (!matched) {
            throw new SignatureVerificationException(SIGNATURE_HEADER + " does not match an active secret");
        }
        return VerifiedDelivery.fromHeaders(deliveryId.strip(), eventType.strip(), null);
    }

    /** Any non-blank text GitHub would take: GitHub lets its user type the secret, so hookrun cannot ask for more. */
    @Override
    public String secretProblem(String secret) {
        return plainSecretProblem("a github secret", secret);
    }

    static String plainSecretProblem(String what, String secret) {
        if (secret == null || secret.isBlank()) {
            return what + " is a non-blank string";
        }
        if (secret.length() > MAX_SECRET_CHARS) {
            return what + " has at most " + MAX_SECRET_CHARS + " characters";
        }
        if (secret.chars().anyMatch(Character::isISOControl)) {
            return what + " has no control characters (a pasted line break?)";
        }
        return null;
    }

    /** 32 random bytes as 64 hex digits: text any sender's secret field takes. */
    @Override
    public String newSecret(SecureRandom random) {
        return HmacFunction.randomHexSecret(random);
    }

    @Override
    public Map<String, String> sign(SignatureSettings settings, String signingSecret, String deliveryId,
                                    String eventType, Instant timestamp, byte[] body) {
        return Map.of(SIGNATURE_HEADER, signature(signingSecret, body), DELIVERY_HEADER, deliveryId,
                EVENT_HEADER, eventType);
    }

    /** The {@code X-Hub-Signature-256} value GitHub sends for {@code body} under {@code secret}. */
    public static String signature(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(HmacFunction.SHA256.mac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    @Override
    public String cloudEventType(String eventType) {
        return eventType == null ? null : "com.github." + eventType;
    }
}

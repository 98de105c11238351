package io.hookrun.core.signature;

import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Stripe webhooks (docs.stripe.com, "Verify webhook signatures"): {@code Stripe-Signature: t=<unix seconds>,
 * v1=<hex>[,v1=<hex>...][,v0=<hex>]}, each {@code v1} an HMAC-SHA256 of {@code t + "." + raw body} keyed with the
 * endpoint secret's UTF-8 bytes as they are: the {@code whsec_...} string is not base64-decoded, unlike Standard
 * Webhooks (as stripe-java's {@code Webhook.Util.computeHmacSha256} and stripe-node's {@code computeHMACSignature}
 * key it). Items may come in any order; {@code v0} (test-mode legacy) and unknown schemes are ignored; two {@code t}
 * items are refused as malformed (the libraries would silently pick one).
 *
 * <p>Stripe's libraries only refuse timestamps older than the tolerance; here, as for every scheme (ADR 0006), a
 * timestamp too far in the future is refused too. Hex is compared as bytes, so its case does not matter.
 *
 * <p>The delivery id and event type are in the body ({@code /id}, {@code /type}): the scheme names the pointers and
 * the ingestion path resolves them after parsing.
 */
@Singleton
public class StripeScheme implements SignatureScheme {

    public static final String NAME = "stripe";
    static final String HEADER = "Stripe-Signature";
    static final String SECRET_PREFIX = "whsec_";
    /** Stripe's secrets carry 32 characters after the prefix; fewer than this is not a secret Stripe made. */
    static final int MIN_SECRET_CHARS_AFTER_PREFIX = 16;
    /** Stripe signs each event with every secret of the endpoint: a handful; more is not Stripe. */
    static final int MAX_SIGNATURES = 32;
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VerifiedDelivery verify(WebhookRequest request, SignatureSettings settings, List<String> secrets,
                                   Instant now) throws SignatureVerificationException {
        String header = request.header(HEADER)
                .orElseThrow(() -> new SignatureVerificationException("missing " + HEADER + " header"));
        String timestamp = null;
        List<byte[]> v1 = new ArrayList<>();
        int v1Items = 0;
        for (String item : header.split(",")) {
            int equals = item.indexOf('=');
            if (equals < 0) {
                continue; // not key=value: ignored, as Stripe's libraries do
            }
            String key = item.substring(0, equals).strip();
            String value = item.substring(equals + 1).strip();
            if (key.equals("t")) {
                if (timestamp != null) {
                    throw new SignatureVerificationException(HEADER + " has more than one timestamp (t=)");
                }
                timestamp = value;
            } else if (key.equals("v1")) {
                if (++v1Items > MAX_SIGNATURES) {
                    throw new SignatureVerificationException(HEADER + " has more than " + MAX_SIGNATURES
                            + " v1 signatures");
                }
                byte[] decoded = HmacFunction.hex(value, 32);
                if (decoded != null) {
                    v1.add(decoded); // a malformed one cannot match; the others may
                }
            }
        }
        if (timestamp == null) {
            throw new SignatureVerificationException(HEADER + " has no timestamp (t=)");
        }
        Instant signedAt = ReplayWindow.parseSeconds(timestamp, HEADER + " timestamp");
        if (v1Items == 0) {
            throw new SignatureVerificationException(HEADER + " has no v1 signature");
        }
        ReplayWindow.check(signedAt, now, settings.toleranceOrDefault(), HEADER + " timestamp");

        // The libraries sign the parsed number ("%d." in stripe-java), not the digits as sent.
        byte[] content = signedContent(signedAt.getEpochSecond(), request.body());
        boolean matched = false;
        for (String secret : secrets) {
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            if (key.length > 0) {
                matched |= HmacFunction.anyEquals(HmacFunction.SHA256.mac(key, content), v1);
            }
        }
        if (!matched) {
            throw new SignatureVerificationException("no v1 signature in " + HEADER + " matches an active secret");
        }
        return new VerifiedDelivery(null, "/id", null, "/type", signedAt);
    }

    @Override
    public String secretProblem(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            return "a stripe endpoint secret starts with 'whsec_' (Stripe shows it as the endpoint's signing secret)";
        }
        String rest = secret.substring(SECRET_PREFIX.length());
        if (rest.length() < MIN_SECRET_CHARS_AFTER_PREFIX) {
            return "a stripe endpoint secret has at least " + MIN_SECRET_CHARS_AFTER_PREFIX
                    + " characters after 'whsec_'";
        }
        if (secret.length() > GitHubScheme.MAX_SECRET_CHARS) {
            return "a stripe endpoint secret has at most " + GitHubScheme.MAX_SECRET_CHARS + " characters";
        }
        if (!secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return "a stripe endpoint secret has no spaces or line breaks (stripe-node warns of the same)";
        }
        return null;
    }

    /**
     * A secret in Stripe's format ({@code whsec_} and 32 letters or digits). Stripe makes the real one and the
     * trigger is given that; a generated one serves tests and senders that sign with Stripe's libraries themselves.
     */
    @Override
    public String newSecret(SecureRandom random) {
        StringBuilder secret = new StringBuilder(SECRET_PREFIX);
        for (int i = 0; i < 32; i++) {
            secret.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return secret.toString();
    }

    /** {@code deliveryId} and {@code eventType} are ignored: a Stripe event carries both in its body. */
    @Override
    public Map<String, String> sign(SignatureSettings settings, String signingSecret, String deliveryId,
                                    String eventType, Instant timestamp, byte[] body) {
        return Map.of(HEADER, header(signingSecret, timestamp.getEpochSecond(), body));
    }

    /** The {@code Stripe-Signature} value Stripe sends for {@code body} signed at {@code seconds}. */
    public static String header(String secret, long seconds, byte[] body) {
        return "t=" + seconds + ",v1=" + v1(secret, seconds, body);
    }

    /** One {@code v1} signature, in lower-case hex. */
    public static String v1(String secret, long seconds, byte[] body) {
        return HexFormat.of().formatHex(HmacFunction.SHA256.mac(secret.getBytes(StandardCharsets.UTF_8),
                signedContent(seconds, body)));
    }

    @Override
    public String cloudEventType(String eventType) {
        return eventType == null ? null : "com.stripe." + eventType;
    }

    private static byte[] signedContent(long seconds, byte[] body) {
        return HmacFunction.concat((seconds + ".").getBytes(StandardCharsets.UTF_8), body);
    }
}

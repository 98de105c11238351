package io.hookrun.core.signature;

import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Standard Webhooks scheme (standardwebhooks.com): {@code webhook-signature} holds one or more
 * space-separated {@code v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>}; secrets are
 * {@code whsec_<base64 key>}; timestamps more than 300 s away from now, either way, are refused so a
 * captured request cannot be replayed later. A secret that cannot be decoded into a key is skipped, so one
 * bad entry in a trigger's list cannot stop the others from verifying.
 */
@Singleton
public class StandardWebhooksScheme implements SignatureScheme {

    public static final String NAME = "standard-webhooks";
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    private static final String SECRET_PREFIX = "whsec_";
    private static final int MIN_KEY_BYTES = 16;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VerifiedDelivery verify(WebhookRequest request, SignatureSettings settings, List<String> secrets,
                                   Instant now)
            throws SignatureVerificationException {
        String id = required(request, "webhook-id");
        String timestamp = required(request, "webhook-timestamp");
        String signatureHeader = required(request, "webhook-signature");

        Instant signedAt = parseTimestamp(timestamp);
        if (signedAt.isBefore(now.minus(TOLERANCE))) {
            throw new SignatureVerificationException("webhook-timestamp is more than 300 seconds in the past");
        }
        if (signedAt.isAfter(now.plus(TOLERANCE))) {
            throw new SignatureVerificationException("webhook-timestamp is more than 300 seconds in the future");
        }

        List<byte[]> offered = offeredV1Signatures(signatureHeader);
        if (offered.isEmpty()) {
            throw new SignatureVerificationException("webhook-signature has no v1 signature");
        }
        byte[] signedContent = signedContent(id, timestamp, request.body());
        boolean matched = false;
        for (String secret : secrets) {
            byte[] expected;
            try {
                expected = hmac(decodeSecret(secret), signedContent);
            } catch (IllegalArgumentException undecodable) {
                continue; // not base64, or an empty key: it cannot match, and the other secrets may
            }
            for (byte[] candidate : offered) {
                // Compare against every offer without stopping early: timing then says nothing.
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        if (!matched) {
            throw new SignatureVerificationException("no signature in webhook-signature matches an active secret");
        }
        return VerifiedDelivery.fromHeaders(id, null, signedAt);
    }

    @Override
    public String secretProblem(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            return "a standard-webhooks secret starts with 'whsec_'";
        }
        try {
            byte[] key = decodeSecret(secret);
            return key.length < MIN_KEY_BYTES
                    ? "a standard-webhooks secret needs at least " + MIN_KEY_BYTES + " bytes of key" : null;
        } catch (IllegalArgumentException e) {
            return "a standard-webhooks secret is 'whsec_' followed by base64";
        }
    }

    @Override
    public String newSecret(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    @Override
    public Map<String, String> sign(SignatureSettings settings, String signingSecret, String deliveryId,
                                    String eventType, Instant timestamp, byte[] body) {
        String seconds = Long.toString(timestamp.getEpochSecond());
        return Map.of("webhook-id", deliveryId, "webhook-timestamp", seconds,
                "webhook-signature", sign(signingSecret, deliveryId, seconds, body));
    }

    /** Signs content the way a sender does; used by tests and the {@code hookrun} CLI to send signed requests. */
    public static String sign(String secret, String id, String timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(decodeSecret(secret), signedContent(id, timestamp, body)));
    }

    private static String required(WebhookRequest request, String header) throws SignatureVerificationException {
        return request.header(header)
                .orElseThrow(() -> new SignatureVerificationException("missing " + header + " header"));
    }

    private static Instant parseTimestamp(String timestamp) throws SignatureVerificationException {
        try {
            return Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
        } catch (NumberFormatException | DateTimeException e) {
            // DateTimeException: a long, but beyond the range of Instant (e.g. Long.MAX_VALUE)
            throw new SignatureVerificationException("webhook-timestamp is not a Unix time in seconds");
        }
    }

    private static List<byte[]> offeredV1Signatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        for (String token : header.trim().split(" +")) {
            int comma = token.indexOf(',');
            if (comma < 0 || !token.substring(0, comma).equals("v1")) {
                continue; // other versions (v1a: asymmetric) are not ours to check
            }
            try {
                signatures.add(Base64.getDecoder().decode(token.substring(comma + 1)));
            } catch (IllegalArgumentException ignored) {
                // a malformed entry simply cannot match; others may still
            }
        }
        return signatures;
    }

    private static byte[] signedContent(String id, String timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    private static byte[] decodeSecret(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

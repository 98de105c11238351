package io.hookrun.core.signature;

import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Standard Webhooks scheme (standardwebhooks.com, spec section "Signature scheme"): {@code webhook-id},
 * {@code webhook-timestamp} and {@code webhook-signature}, the last a space-separated list of
 * {@code v1,<base64 HMAC-SHA256>} and {@code v1a,<base64 Ed25519>} signatures of {@code id + "." + timestamp + "."
 * + body}.
 *
 * <p>A trigger's secrets say which versions it trusts: a {@code whsec_<base64 key>} (24 to 64 bytes, the spec's
 * bounds) verifies {@code v1}, a {@code whpk_<base64 32-byte public key>} verifies {@code v1a}; a trigger may hold
 * both kinds while a sender moves from one to the other. The sender's {@code whsk_} private key never belongs on a
 * trigger. Every secret of a kind is tried against every signature of its version, without stopping at a match, so
 * the time taken says nothing about which one matched. A secret that cannot be decoded is skipped, so one bad entry
 * in a trigger's list cannot keep the others from verifying.
 *
 * <p>Timestamps further than the trigger's tolerance (300 s by default) from now, either way, are refused, so a
 * captured request cannot be replayed later.
 */
@Singleton
public class StandardWebhooksScheme implements SignatureScheme {

    public static final String NAME = "standard-webhooks";
    static final String SECRET_PREFIX = "whsec_";
    static final String PUBLIC_KEY_PREFIX = "whpk_";
    static final String PRIVATE_KEY_PREFIX = "whsk_";
    static final int MIN_KEY_BYTES = 24;
    static final int MAX_KEY_BYTES = 64;
    /**
     * More signatures than this in one header are refused: a sender signs with its current and previous keys, and
     * an attacker must not make one request cost hundreds of Ed25519 verifications.
     */
    static final int MAX_SIGNATURES = 32;
    private static final String V1 = "v1";
    private static final String V1A = "v1a";

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

        Instant signedAt = ReplayWindow.parseSeconds(timestamp, "webhook-timestamp");
        ReplayWindow.check(signedAt, now, settings.toleranceOrDefault(), "webhook-timestamp");

        List<byte[]> hmacKeys = new ArrayList<>();
        List<PublicKey> publicKeys = new ArrayList<>();
        for (String secret : secrets) {
            try {
                if (secret.startsWith(PUBLIC_KEY_PREFIX)) {
                    publicKeys.add(Ed25519Keys.publicKey(decode(secret, PUBLIC_KEY_PREFIX)));
                } else if (!secret.startsWith(PRIVATE_KEY_PREFIX)) {
                    // whsec_, or bare base64 as the spec's libraries also take it
                    byte[] key = hmacKey(secret);
                    if (key.length > 0) {
                        hmacKeys.add(key);
                    }
                }
                // a whsk_ private key stored by mistake verifies nothing
            } catch (IllegalArgumentException undecodable) {
                // not base64, or not a key: it cannot match, and the other secrets may
            }
        }

        String[] entries = signatureHeader.strip().split(" +");
        if (entries.length > MAX_SIGNATURES) {
            throw new SignatureVerificationException("webhook-signature has more than " + MAX_SIGNATURES
                    + " signatures");
        }
        List<byte[]> v1 = offered(entries, V1);
        List<byte[]> v1a = offered(entries, V1A);
        boolean checkV1 = !hmacKeys.isEmpty() || publicKeys.isEmpty();
        boolean checkV1a = !publicKeys.isEmpty();
        if ((!checkV1 || v1.isEmpty()) && (!checkV1a || v1a.isEmpty())) {
            throw new SignatureVerificationException("webhook-signature has no " + expectedVersions(checkV1, checkV1a)
                    + " signature");
        }

        byte[] signedContent = signedContent(id, timestamp, request.body());
        boolean matched = false;
        for (byte[] key : hmacKeys) {
            matched |= HmacFunction.anyEquals(HmacFunction.SHA256.mac(key, signedContent), v1);
        }
        for (PublicKey key : publicKeys) {
            for (byte[] candidate : v1a) {
                matched |= Ed25519Keys.verify(key, signedContent, candidate);
            }
        }
        if (!matched) {
            throw new SignatureVerificationException("no signature in webhook-signature matches an active secret");
        }
        return VerifiedDelivery.fromHeaders(id, null, signedAt);
    }

    @Override
    public String secretProblem(String secret) {
        if (secret != null && secret.startsWith(PUBLIC_KEY_PREFIX)) {
            try {
                Ed25519Keys.publicKey(decode(secret, PUBLIC_KEY_PREFIX));
                return null;
            } catch (IllegalArgumentException e) {
                return "a standard-webhooks public key is 'whpk_' followed by the base64 of a 32-byte Ed25519 public key";
            }
        }
        if (secret != null && secret.startsWith(PRIVATE_KEY_PREFIX)) {
            return "a 'whsk_' key is the sender's private signing key: give the trigger its 'whpk_' public key";
        }
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            return "a standard-webhooks secret starts with 'whsec_'";
        }
        byte[] key;
        try {
            key = decode(secret, SECRET_PREFIX);
        } catch (IllegalArgumentException e) {
            return "a standard-webhooks secret is 'whsec_' followed by base64";
        }
        if (key.length < MIN_KEY_BYTES) {
            return "a standard-webhooks secret needs at least " + MIN_KEY_BYTES + " bytes of key";
        }
        if (key.length > MAX_KEY_BYTES) {
            return "a standard-webhooks secret has at most " + MAX_KEY_BYTES + " bytes of key";
        }
        return null;
    }

    @Override
    public String newSecret(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** A {@code whsec_} secret signs {@code v1}, a {@code whsk_} private key {@code v1a}. */
    @Override
    public Map<String, String> sign(SignatureSettings settings, String signingSecret, String deliveryId,
                                    String eventType, Instant timestamp, byte[] body) {
        String seconds = Long.toString(timestamp.getEpochSecond());
        return Map.of("webhook-id", deliveryId, "webhook-timestamp", seconds,
                "webhook-signature", sign(signingSecret, deliveryId, seconds, body));
    }

    /**
     * One signature entry, the way a sender makes it: {@code v1,...} for a {@code whsec_} secret, {@code v1a,...}
     * for a {@code whsk_} private key. Used by tests and the {@code hookrun} CLI.
     *
     * @throws IllegalArgumentException when the secret cannot be decoded into a key
     */
    public static String sign(String secret, String id, String timestamp, byte[] body) {
        byte[] content = signedContent(id, timestamp, body);
        if (secret.startsWith(PRIVATE_KEY_PREFIX)) {
            byte[] seed = Ed25519Keys.seedOfPrivateKey(decode(secret, PRIVATE_KEY_PREFIX));
            return V1A + "," + Base64.getEncoder().encodeToString(Ed25519Keys.sign(seed, content));
        }
        return V1 + "," + Base64.getEncoder().encodeToString(HmacFunction.SHA256.mac(hmacKey(secret), content));
    }

    /** The {@code whpk_} public key of a {@code whsk_} private key: what the trigger holds for its sender. */
    public static String publicKeyOf(String privateKey) {
        if (!privateKey.startsWith(PRIVATE_KEY_PREFIX)) {
            throw new IllegalArgumentException("a standard-webhooks private key starts with 'whsk_'");
        }
        byte[] seed = Ed25519Keys.seedOfPrivateKey(decode(privateKey, PRIVATE_KEY_PREFIX));
        return PUBLIC_KEY_PREFIX + Base64.getEncoder().encodeToString(Ed25519Keys.publicKeyOfSeed(seed));
    }

    /** A new {@code whsk_} private key (seed and public key, 64 bytes, as Svix serialises it), for senders and tests. */
    public static String newPrivateKey(SecureRandom random) {
        byte[] seed = new byte[Ed25519Keys.SEED_BYTES];
        random.nextBytes(seed);
        return PRIVATE_KEY_PREFIX + Base64.getEncoder().encodeToString(
                HmacFunction.concat(seed, Ed25519Keys.publicKeyOfSeed(seed)));
    }

    private static String expectedVersions(boolean v1, boolean v1a) {
        return v1 && v1a ? "v1 or v1a" : v1a ? V1A : V1;
    }

    private static String required(WebhookRequest request, String header) throws SignatureVerificationException {
        return request.header(header)
                .orElseThrow(() -> new SignatureVerificationException("missing " + header + " header"));
    }

    /** The decoded signatures of one version; malformed entries are dropped (they cannot match, others may). */
    private static List<byte[]> offered(String[] entries, String version) {
        List<byte[]> signatures = new ArrayList<>();
        for (String entry : entries) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals(version)) {
                continue;
            }
            try {
                signatures.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
            } catch (IllegalArgumentException ignored) {
                // not base64
            }
        }
        return signatures;
    }

    private static byte[] signedContent(String id, String timestamp, byte[] body) {
        return HmacFunction.concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
    }

    /** A {@code whsec_} secret's key; a secret without the prefix is taken as bare base64, as the spec's libraries do. */
    private static byte[] hmacKey(String secret) {
        return decode(secret, secret.startsWith(SECRET_PREFIX) ? SECRET_PREFIX : "");
    }

    private static byte[] decode(String secret, String prefix) {
        return Base64.getDecoder().decode(secret.substring(prefix.length()));
    }
}

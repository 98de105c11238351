package io.hookrun.core.callback;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and verifies task tokens: {@code hrt1.<payload>.<mac>} where the payload encodes a {@link CallbackToken}
 * and the mac is HMAC-SHA256 under the deployment's callback key (Secrets Manager when deployed,
 * {@code .hookrun/callback.key} locally). The same step always gets the same token, so a step re-executed after a
 * crash sends the same token again; single use is enforced by run history, not by the token (docs/adr/0007).
 *
 * <p>The payload is, base64url without padding: the run id (16 bytes), the sequence (4 bytes, big-endian), then the
 * frame's UTF-8 bytes. The mac covers {@code hrt1.<payload>} as text, so the version is bound too. Verification reads
 * at most {@value #MAX_TOKEN_CHARS} characters, never throws, and accepts only the canonical encoding of both parts, so
 * exactly one string names a step.
 */
public final class CallbackTokens {

    /** Longer tokens are refused before any decoding: a frame nests at most a few dozen levels. */
    public static final int MAX_TOKEN_CHARS = 1024;
    static final String PREFIX = "hrt1.";
    private static final String HMAC = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final int FIXED_BYTES = 16 + 4;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /** @param key at least 32 bytes */
    public CallbackTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a callback key has at least 32 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), HMAC);
    }

    /** The token of {@code step}; URL-safe (it is a path segment of {@code /callbacks/{token}/...}). */
    public String issue(CallbackToken step) {
        byte[] frame = step.frame().getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(FIXED_BYTES + frame.length)
                .putLong(step.runId().getMostSignificantBits())
                .putLong(step.runId().getLeastSignificantBits())
                .putInt(step.sequence())
                .put(frame);
        String signed = PREFIX + ENCODER.encodeToString(payload.array());
        String token = signed + "." + ENCODER.encodeToString(mac(signed));
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new IllegalArgumentException("frame '" + step.frame() + "' is too long for a task token");
        }
        return token;
    }

    /** The step {@code token} names, when it is well formed and its mac verifies (compared in constant time). */
    public Optional<CallbackToken> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int dot = token.indexOf('.', PREFIX.length());
        if (dot < 0 || token.indexOf('.', dot + 1) >= 0) {
            return Optional.empty();
        }
        String signed = token.substring(0, dot);
        byte[] payload = decodeCanonical(signed.substring(PREFIX.length()));
        byte[] given = decodeCanonical(token.substring(dot + 1));
        if (payload == null || given == null || given.length != MAC_BYTES
                || !MessageDigest.isEqual(mac(signed), given) || payload.length < FIXED_BYTES) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        UUID runId = new UUID(buffer.getLong(), buffer.getLong());
        int sequence = buffer.getInt();
        if (sequence < 0) {
            return Optional.empty();
        }
        try {
            String frame = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer).toString();
            return Optional.of(new CallbackToken(runId, frame, sequence));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The bytes of base64url text without padding, or null when it is not exactly what the encoder would write. */
    private static byte[] decodeCanonical(String text) {
        if (text.isEmpty()) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!alphabet) {
                return null;
            }
        }
        try {
            byte[] bytes = DECODER.decode(text);
            // Unused low bits of the last character make several texts decode alike: only the canonical one counts.
            return ENCODER.encodeToString(bytes).equals(text) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] mac(String signed) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

package io.hookrun.local.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Stands in for the {@code AWS_IAM} authorizer locally, where there is no IAM to sign requests against:
 * {@code Authorization: Bearer <token>}. No header is 401 (who are you?), a wrong token 403, as IAM answers
 * an unsigned request and a request signed by someone without permission.
 */
public final class BearerTokenAuthorizer {

    /** What the authorizer decided. */
    public enum Decision { ALLOW, MISSING, WRONG }

    private final String token;
    private final byte[] tokenDigest;

    public BearerTokenAuthorizer(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        this.token = token;
        this.tokenDigest = sha256(token);
    }

    /** A token from {@link SecureRandom}: 32 bytes, URL-safe base64, fit for a shell variable and a header. */
    public static BearerTokenAuthorizer withGeneratedToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new BearerTokenAuthorizer(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public String token() {
        return token;
    }

    /** Decides on the value of the {@code Authorization} header, or null when there is none. */
    public Decision check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            return Decision.MISSING;
        }
        // Digests first, so the comparison takes the same time whatever the length of the guess.
        return MessageDigest.isEqual(tokenDigest, sha256(authorization.substring(7).trim())) ? Decision.ALLOW : Decision.WRONG;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

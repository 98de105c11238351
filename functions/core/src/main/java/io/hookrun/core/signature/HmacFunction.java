package io.hookrun.core.signature;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The HMAC every scheme here uses (SHA-256, or SHA-512 for {@code hmac}), and the comparisons around it. Offered
 * signatures are decoded to bytes before they are compared, so the comparison is over bytes with
 * {@link MessageDigest#isEqual} (constant time for equal lengths) and hex case does not matter.
 */
enum HmacFunction {
    SHA256("HmacSHA256"),
    SHA512("HmacSHA512");

    private final String jdkName;

    HmacFunction(String jdkName) {
        this.jdkName = jdkName;
    }

    /**
     * The MAC of {@code content} under {@code key}.
     *
     * @throws IllegalArgumentException when {@code key} is empty (the JDK refuses an empty HMAC key)
     */
    byte[] mac(byte[] key, byte[] content) {
        if (key.length == 0) {
            throw new IllegalArgumentException("empty HMAC key");
        }
        try {
            Mac mac = Mac.getInstance(jdkName);
            mac.init(new SecretKeySpec(key, jdkName));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(jdkName + " is part of every JDK", e);
        }
    }

    /** 32 random bytes as 64 hex digits: a secret for schemes keyed with the secret text's own bytes. */
    static String randomHexSecret(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    /**
     * Whether any of {@code offered} equals {@code expected}. Every offer is compared, without stopping at the first
     * match, so the time taken says nothing about which offer (if any) matched.
     */
    static boolean anyEquals(byte[] expected, List<byte[]> offered) {
        boolean matched = false;
        for (byte[] candidate : offered) {
            matched |= MessageDigest.isEqual(expected, candidate);
        }
        return matched;
    }

    /** Hex in either case decoded to bytes; null when {@code text} is not hex of exactly {@code bytes} bytes. */
    static byte[] hex(String text, int bytes) {
        if (text.length() != bytes * 2) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0 || text.charAt(i) > 'f') {
                return null; // Character.digit also accepts non-ASCII digits such as fullwidth ones
            }
        }
        return HexFormat.of().parseHex(text);
    }

    /** The bytes of the parts one after the other: the signed content of a scheme. */
    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] content = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, content, at, part.length);
            at += part.length;
        }
        return content;
    }
}

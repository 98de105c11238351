package io.hookrun.core.signature;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * Ed25519 with the JDK's own provider (no library in the Lambda jar), on keys in the raw forms the Standard Webhooks
 * spec serialises: a public key is its 32 bytes (RFC 8032 section 5.1.2: y little-endian, the sign of x in the top
 * bit), a private key the 32-byte seed, or seed followed by public key (64 bytes, libsodium's and Svix's
 * {@code whsk_} form).
 */
final class Ed25519Keys {

    static final int PUBLIC_KEY_BYTES = 32;
    static final int SEED_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;

    private Ed25519Keys() {
    }

    /**
     * The JDK key for a raw 32-byte public key.
     *
     * @throws IllegalArgumentException when {@code raw} is not 32 bytes, or not a point of the curve
     */
    static PublicKey publicKey(byte[] raw) {
        if (raw.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
        }
        byte[] bigEndian = new byte[PUBLIC_KEY_BYTES];
        for (int i = 0; i < PUBLIC_KEY_BYTES; i++) {
            bigEndian[i] = raw[PUBLIC_KEY_BYTES - 1 - i];
        }
        boolean xOdd = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7f;
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new EdECPublicKeySpec(
                    NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, bigEndian))));
            // The factory takes any 32 bytes; decoding the point happens here, and refuses one off the curve.
            Signature.getInstance("Ed25519").initVerify(key);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    /** The raw 32-byte form of a JDK Ed25519 public key. */
    static byte[] raw(PublicKey key) {
        EdECPoint point = ((EdECPublicKey) key).getPoint();
        byte[] bigEndian = point.getY().toByteArray();
        byte[] raw = new byte[PUBLIC_KEY_BYTES];
        for (int i = 0; i < Math.min(bigEndian.length, PUBLIC_KEY_BYTES); i++) {
            raw[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (point.isXOdd()) {
            raw[PUBLIC_KEY_BYTES - 1] |= (byte) 0x80;
        }
        return raw;
    }

    /**
     * The public key of a private key's seed. The JDK has no API for it, but its key-pair generator takes the seed
     * from the {@link SecureRandom} it is given (JEP 339): a source that yields exactly the seed derives the pair.
     */
    static byte[] publicKeyOfSeed(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
            return raw(generator.generateKeyPair().getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /**
     * The seed of a {@code whsk_} private key: 32 bytes as they are, or 64 bytes of seed and public key whose second
     * half must be the seed's public key (as Svix checks), so a corrupted key is refused rather than signing wrong.
     *
     * @throws IllegalArgumentException when neither holds
     */
    static byte[] seedOfPrivateKey(byte[] raw) {
        if (raw.length == SEED_BYTES) {
            return raw.clone();
        }
        if (raw.length == SEED_BYTES + PUBLIC_KEY_BYTES) {
            byte[] seed = Arrays.copyOf(raw, SEED_BYTES);
            if (!Arrays.equals(publicKeyOfSeed(seed), Arrays.copyOfRange(raw, SEED_BYTES, raw.length))) {
                throw new IllegalArgumentException("the private key's public half does not belong to its seed");
            }
            return seed;
        }
        throw new IllegalArgumentException("an Ed25519 private key has 32 or 64 bytes");
    }

    static byte[] sign(byte[] seed, byte[] content) {
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(content);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code content}; false for any malformed input. */
    static boolean verify(PublicKey key, byte[] content, byte[] signature) {
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(content);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. a public key that is not a curve point: it verifies nothing
        }
    }

    /** Yields the seed once, for {@link #publicKeyOfSeed}. */
    private static final class FixedSeed extends SecureRandom {
        private final byte[] seed;

        private FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("the Ed25519 key-pair generator asked for " + bytes.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}

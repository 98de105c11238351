package io.hookrun.core.secrets;

import java.security.SecureRandom;

/** Ciphers for tests: a local wrapper with a random key, as {@code ./hookrun local} has one in its key file. */
public final class TestCiphers {

    private TestCiphers() {
    }

    /** A cipher with a fresh random key: what it seals, only it opens. */
    public static SecretCipher local() {
        byte[] key = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        return new SecretCipher(new LocalKeyFileWrapper(key, random), random);
    }
}

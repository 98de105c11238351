package io.hookrun.core.secrets;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Wraps data keys with a 256-bit key read from a file ({@code .hookrun/secrets.key} in {@code ./hookrun local}; a
 * temporary file in tests): AES-256-GCM with the trigger id as associated data, as KMS binds its encryption
 * context. For machines without KMS only: whoever reads the file reads every secret, so it is created readable by
 * its owner alone and never deployed.
 */
public final class LocalKeyFileWrapper implements KeyWrapper {

    public static final String KIND = "local-file";
    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;

    private final byte[] key;
    private final SecureRandom random;

    /** A wrapper using these 32 key bytes (copied). */
    public LocalKeyFileWrapper(byte[] key, SecureRandom random) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a secrets key is " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = key.clone();
        this.random = random;
    }

    /** Reads the key file; fails clearly when it is missing or is not 32 bytes. */
    public static LocalKeyFileWrapper read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secrets key file " + file + " (hookrun.secrets.key-file)", e);
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException("the secrets key file " + file + " holds " + bytes.length + " bytes; it must"
                    + " hold exactly " + KEY_BYTES + " random bytes (hookrun.secrets.key-file)");
        }
        try {
            return new LocalKeyFileWrapper(bytes, new SecureRandom());
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public DataKey newDataKey(String triggerId) {
        byte[] dataKey = new byte[KEY_BYTES];
        random.nextBytes(dataKey);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, nonce, dataKey, 0, dataKey.length, triggerId);
        byte[] wrapped = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, wrapped, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, wrapped, NONCE_BYTES, sealed.length);
        return new DataKey(dataKey, wrapped);
    }

    @Override
    public byte[] unwrap(byte[] wrappedKey, String triggerId) {
        if (wrappedKey.length <= NONCE_BYTES) {
            throw new SecretsUnreadableException("the wrapped data key of trigger " + triggerId + " is truncated");
        }
        return crypt(Cipher.DECRYPT_MODE, Arrays.copyOf(wrappedKey, NONCE_BYTES), wrappedKey, NONCE_BYTES,
                wrappedKey.length - NONCE_BYTES, triggerId);
    }

    private byte[] crypt(int mode, byte[] nonce, byte[] input, int offset, int length, String triggerId) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD((CONTEXT_KEY + "=" + triggerId).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input, offset, length);
        } catch (AEADBadTagException e) {
            throw new SecretsUnreadableException("the data key of trigger " + triggerId + " does not open with the key"
                    + " in hookrun.secrets.key-file: wrapped for another trigger, changed, or wrapped with another key file");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "LocalKeyFileWrapper[key hidden]";
    }
}

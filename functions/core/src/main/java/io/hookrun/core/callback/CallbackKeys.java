package io.hookrun.core.callback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns the stored forms of the callback key into {@link CallbackTokens}; the key's bytes never leave this class. */
public final class CallbackKeys {

    /** Larger key files are not keys: refused without reading them whole. */
    private static final long MAX_KEY_FILE_BYTES = 4096;

    private CallbackKeys() {
    }

    /** The tokens of a key file (its raw bytes, at least 32). */
    public static CallbackTokens fromFile(Path file) {
        try {
            long size = Files.size(file);
            if (size < 32 || size > MAX_KEY_FILE_BYTES) {
                throw new IllegalStateException("the callback key file " + file + " holds " + size
                        + " bytes; it must hold 32 to " + MAX_KEY_FILE_BYTES + " random bytes (hookrun.callbacks.key-file)");
            }
            return new CallbackTokens(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the callback key file " + file
                    + " (hookrun.callbacks.key-file)", e);
        }
    }

    /**
     * The tokens of a secret's text: the template generates 64 alphanumeric characters (about 380 bits), whose UTF-8
     * bytes are the HMAC key as they are.
     */
    public static CallbackTokens fromSecretString(String secret) {
        byte[] key = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            throw new IllegalStateException("the callback key secret holds " + key.length
                    + " bytes; it must hold at least 32 (hookrun.callbacks.key-secret-id)");
        }
        return new CallbackTokens(key);
    }
}

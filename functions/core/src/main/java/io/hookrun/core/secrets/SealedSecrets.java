package io.hookrun.core.secrets;

/**
 * A trigger's secrets as stored: the values, ids and times encrypted with one data key (AES-256-GCM), and that data
 * key wrapped by a {@link KeyWrapper}. Holds nothing readable without the wrapper.
 *
 * @param wrapper    the {@link KeyWrapper#kind()} that wrapped the key
 * @param wrappedKey the data key, wrapped
 * @param ciphertext format version (1 byte), GCM nonce (12 bytes), then ciphertext and tag
 */
public record SealedSecrets(String wrapper, byte[] wrappedKey, byte[] ciphertext) {

    @Override
    public String toString() {
        return "SealedSecrets[wrapper=" + wrapper + ", " + ciphertext.length + " bytes]";
    }
}

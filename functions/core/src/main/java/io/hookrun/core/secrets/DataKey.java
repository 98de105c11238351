package io.hookrun.core.secrets;

/**
 * A data key as {@link KeyWrapper#newDataKey} makes it.
 *
 * @param plaintext the 32 key bytes; used once, then overwritten by {@link SecretCipher}
 * @param wrapped   the same key, encrypted by the wrapper: the only form that is stored
 */
public record DataKey(byte[] plaintext, byte[] wrapped) {

    /** Never prints key material. */
    @Override
    public String toString() {
        return "DataKey[" + plaintext.length * 8 + " bits, hidden]";
    }
}

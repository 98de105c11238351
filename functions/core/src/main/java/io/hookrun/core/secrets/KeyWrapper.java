package io.hookrun.core.secrets;

/**
 * Protects the data keys of {@link SecretCipher}: KMS when deployed ({@code KmsKeyWrapper}, whose key never leaves
 * KMS), a local key file in {@code ./hookrun local} and tests ({@link LocalKeyFileWrapper}). Every data key is bound
 * to one trigger: KMS gets the trigger id as its encryption context, the local wrapper as associated data, so a
 * wrapped key copied onto another trigger does not open.
 */
public interface KeyWrapper {

    /** Short name of the wrapper, stored next to every wrapped key ({@code kms}, {@code local-file}). */
    String kind();

    /** A fresh 256-bit data key for one save of {@code triggerId}'s secrets, in clear and wrapped. */
    DataKey newDataKey(String triggerId);

    /**
     * The data key in clear.
     *
     * @throws SecretsUnreadableException when {@code wrappedKey} was not wrapped by this wrapper for this trigger
     */
    byte[] unwrap(byte[] wrappedKey, String triggerId);

    /** The encryption context / associated data binding a data key to a trigger: {@code {"hookrun:trigger": id}}. */
    String CONTEXT_KEY = "hookrun:trigger";
}

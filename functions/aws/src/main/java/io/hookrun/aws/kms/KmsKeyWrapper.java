package io.hookrun.aws.kms;

import io.hookrun.core.secrets.DataKey;
import io.hookrun.core.secrets.KeyWrapper;
import io.hookrun.core.secrets.SecretsUnreadableException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

import java.util.Map;

/**
 * Data keys from KMS: {@code GenerateDataKey} (AES_256) for each save, {@code Decrypt} for each read, both with the
 * encryption context {@code {"hookrun:trigger": <id>}}. KMS binds the context to the ciphertext, so a wrapped key
 * copied onto another trigger does not decrypt, CloudTrail logs which trigger each call was for, and IAM can require
 * the context ({@code kms:EncryptionContextKeys} in template.yaml). The KMS key never leaves KMS; only the
 * function roles that template.yaml names may use it.
 *
 * <p>{@code Decrypt} names the key ({@code KeyId}) as AWS recommends, so a ciphertext wrapped under any other key is
 * refused even where the role could use that key.
 *
 * @see <a href="https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html">AWS KMS: encryption context</a>
 * @see <a href="https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html">Decrypt: KeyId</a>
 */
public final class KmsKeyWrapper implements KeyWrapper {

    public static final String KIND = "kms";

    private final KmsClient kms;
    private final String keyId;

    public KmsKeyWrapper(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public DataKey newDataKey(String triggerId) {
        GenerateDataKeyResponse response = kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)
                .encryptionContext(context(triggerId)));
        return new DataKey(response.plaintext().asByteArray(), response.ciphertextBlob().asByteArray());
    }

    @Override
    public byte[] unwrap(byte[] wrappedKey, String triggerId) {
        try {
            return kms.decrypt(r -> r.keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(wrappedKey))
                    .encryptionContext(context(triggerId))).plaintext().asByteArray();
        } catch (InvalidCiphertextException | IncorrectKeyException e) {
            // 400s: the wrapped key was changed, belongs to another trigger, or to another KMS key. Not an outage.
            throw new SecretsUnreadableException("KMS refused to decrypt the data key of trigger " + triggerId
                    + " (" + e.getClass().getSimpleName() + "): changed, wrapped for another trigger, or under a KMS key"
                    + " other than hookrun.secrets.kms-key-id", e);
        }
    }

    static Map<String, String> context(String triggerId) {
        return Map.of(CONTEXT_KEY, triggerId);
    }

    @Override
    public String toString() {
        return "KmsKeyWrapper[" + keyId + "]";
    }
}

package io.hookrun.aws.kms;

import io.hookrun.core.secrets.SealedSecrets;
import io.hookrun.core.secrets.SecretCipher;
import io.hookrun.core.secrets.SecretsUnreadableException;
import io.hookrun.core.trigger.TriggerSecret;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The KMS wrapper against {@link FakeKms}: no KMS emulator runs on this machine (LocalStack needs Docker), so the
 * requests are checked as the KMS API reference defines them.
 */
class KmsKeyWrapperTest {

    private static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final List<TriggerSecret> SECRETS = List.of(
            new TriggerSecret("sec_00000000000000d1", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", NOW, null));

    private final FakeKms kms = new FakeKms(KEY);
    private final SecretCipher cipher = new SecretCipher(new KmsKeyWrapper(kms, KEY), new SecureRandom());

    @Test
    void seal_isOneGenerateDataKey_open_isOneDecrypt_bothWithTheTriggerAsEncryptionContext() {
        SealedSecrets sealed = cipher.seal("orders", SECRETS);
        List<TriggerSecret> opened = cipher.open("orders", sealed);

        assertThat(opened).containsExactlyElementsOf(SECRETS);
        assertThat(sealed.wrapper()).isEqualTo("kms");
        assertThat(kms.calls(GenerateDataKeyRequest.class)).isEqualTo(1);
        assertThat(kms.calls(DecryptRequest.class)).isEqualTo(1);
        GenerateDataKeyRequest generate = (GenerateDataKeyRequest) kms.requests.get(0);
        DecryptRequest decrypt = (DecryptRequest) kms.requests.get(1);
        assertThat(generate.encryptionContext()).isEqualTo(Map.of("hookrun:trigger", "orders"));
        assertThat(generate.keySpecAsString()).isEqualTo("AES_256");
        assertThat(decrypt.encryptionContext()).isEqualTo(Map.of("hookrun:trigger", "orders"));
        assertThat(decrypt.keyId()).isEqualTo(KEY);
    }

    @Test
    void wrappedKeyOfAnotherTrigger_isRefusedByKms_asUnreadableNotAsAnOutage() {
        SealedSecrets sealed = cipher.seal("orders", SECRETS);

        assertThatThrownBy(() -> cipher.open("invoices", sealed)).isInstanceOf(SecretsUnreadableException.class)
                .hasMessageContaining("invoices").hasMessageContaining("InvalidCiphertextException");
    }

    @Test
    void wrappedUnderAnotherKmsKey_isRefused() {
        SealedSecrets sealed = cipher.seal("orders", SECRETS);
        SecretCipher otherKey = new SecretCipher(new KmsKeyWrapper(kms, "alias/other"), new SecureRandom());

        assertThatThrownBy(() -> otherKey.open("orders", sealed)).isInstanceOf(SecretsUnreadableException.class)
                .hasMessageContaining("IncorrectKeyException");
    }
}

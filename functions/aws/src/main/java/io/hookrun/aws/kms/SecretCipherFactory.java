package io.hookrun.aws.kms;

import io.hookrun.core.secrets.KeyWrapper;
import io.hookrun.core.secrets.LocalKeyFileWrapper;
import io.hookrun.core.secrets.SecretCipher;
import io.hookrun.core.secrets.SecretsConfiguration;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.kms.KmsClient;

import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The {@link SecretCipher} of the functions that read or write triggers. {@code hookrun.secrets.kms-key-id} set:
 * KMS wraps the data keys (deployed); else {@code hookrun.secrets.key-file}: a local key file ({@code ./hookrun
 * local}, tests); neither: the trigger store refuses to start, naming both settings. Built on first use, like every
 * singleton of a Lambda context here, so functions that never touch a trigger never need either setting.
 */
@Factory
public class SecretCipherFactory {

    @Singleton
    KeyWrapper keyWrapper(SecretsConfiguration config, BeanProvider<KmsClient> kms) {
        if (config.kmsKeyId() != null && !config.kmsKeyId().isBlank()) {
            return new KmsKeyWrapper(kms.get(), config.kmsKeyId());
        }
        if (config.keyFile() != null && !config.keyFile().isBlank()) {
            return LocalKeyFileWrapper.read(Path.of(config.keyFile()));
        }
        throw new IllegalStateException(SecretsConfiguration.NOT_CONFIGURED);
    }

    /**
     * The random source only draws GCM nonces here; with KMS each save's data key comes from KMS itself, so a
     * SnapStart snapshot sharing this generator's state across instances cannot make two saves share a key and nonce
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html).
     */
    @Singleton
    SecretCipher secretCipher(KeyWrapper wrapper) {
        return new SecretCipher(wrapper, new SecureRandom());
    }
}

package io.hookrun.aws.kms;

import io.hookrun.core.secrets.KeyWrapper;
import io.hookrun.core.secrets.LocalKeyFileWrapper;
import io.hookrun.core.secrets.SecretCipher;
import io.hookrun.core.secrets.SecretsConfiguration;
import io.hookrun.core.trigger.TriggerSecret;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which wrapper a function's settings give it; nothing here calls AWS. */
class SecretCipherFactoryTest {

    @Test
    void kmsKeyId_givesTheKmsWrapper_andAKmsClientOnItsEndpointOverride() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("aws.region", "eu-west-1",
                "hookrun.secrets.kms-key-id", "alias/hookrun-secrets",
                "hookrun.secrets.key-file", "/ignored/when/kms/is/set",
                "aws.services.kms.endpoint-override", "http://127.0.0.1:4566"))) {
            assertThat(context.getBean(KeyWrapper.class)).isInstanceOf(KmsKeyWrapper.class);
            assertThat(context.getBean(SecretCipher.class).wrapperKind()).isEqualTo("kms");
            assertThat(context.getBean(KmsClient.class).serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://127.0.0.1:4566"));
        }
    }

    @Test
    void keyFile_givesTheLocalWrapper_andNoKmsClient(@TempDir Path dir) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path file = Files.write(dir.resolve("secrets.key"), key);
        try (ApplicationContext context = ApplicationContext.run(Map.of("aws.region", "eu-west-1",
                "hookrun.secrets.key-file", file.toString()))) {
            SecretCipher cipher = context.getBean(SecretCipher.class);
            List<TriggerSecret> secrets = List.of(TriggerSecret.current("s3cr3t-value-of-a-sender", Instant.EPOCH));

            assertThat(context.getBean(KeyWrapper.class)).isInstanceOf(LocalKeyFileWrapper.class);
            assertThat(cipher.open("t", cipher.seal("t", secrets))).isEqualTo(secrets);
            assertThat(context.containsBean(KmsClient.class)).isFalse();
        }
    }

    @Test
    void rotationOverlap_bindsFromItsProperty_defaults24h_andRefusesMoreThan30Days() {
        try (ApplicationContext defaults = ApplicationContext.run(Map.of("aws.region", "eu-west-1"));
             ApplicationContext twoHours = ApplicationContext.run(Map.of("hookrun.secrets.rotation-overlap", "2h"))) {
            assertThat(defaults.getBean(SecretsConfiguration.class).rotationOverlap()).isEqualTo(Duration.ofHours(24));
            assertThat(twoHours.getBean(SecretsConfiguration.class).rotationOverlap()).isEqualTo(Duration.ofHours(2));
        }
        try (ApplicationContext tooLong = ApplicationContext.run(Map.of("hookrun.secrets.rotation-overlap", "31d"))) {
            assertThatThrownBy(() -> tooLong.getBean(SecretsConfiguration.class)).rootCause()
                    .hasMessageContaining("hookrun.secrets.rotation-overlap");
        }
    }

    @Test
    void neitherSetting_refusesToStart_namingBoth() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("aws.region", "eu-west-1"))) {
            assertThatThrownBy(() -> context.getBean(SecretCipher.class)).rootCause()
                    .hasMessageContaining("hookrun.secrets.kms-key-id").hasMessageContaining("HOOKRUN_SECRETS_KMS_KEY_ID")
                    .hasMessageContaining("hookrun.secrets.key-file");
        }
    }
}

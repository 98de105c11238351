package io.hookrun.local.cloud;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key file that stands in for KMS locally. */
class ProvisionerSecretsKeyTest {

    @Test
    void missingKeyFile_isCreated_with32RandomBytes_readableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = Provisioner.secretsKeyFile(dir.resolve(".hookrun/secrets.key"));

        assertThat(Files.readAllBytes(file)).hasSize(32).isNotEqualTo(new byte[32]);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.list(file.getParent())).as("no key left aside").containsExactly(file);
    }

    @Test
    void existingKeyFile_isKept_soSecretsSealedBeforeStillOpen(@TempDir Path dir) throws Exception {
        Path file = Provisioner.secretsKeyFile(dir.resolve("secrets.key"));
        byte[] first = Files.readAllBytes(file);

        Provisioner.secretsKeyFile(file);

        assertThat(Files.readAllBytes(file)).isEqualTo(first);
    }

    @Test
    void keyFileOfAnotherSize_isRefused_sayingWhatToDo(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("secrets.key"), new byte[16]);

        assertThatThrownBy(() -> Provisioner.secretsKeyFile(file)).hasMessageContaining("16 bytes")
                .hasMessageContaining("move it away");
    }
}

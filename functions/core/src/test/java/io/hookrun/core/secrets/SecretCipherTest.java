package io.hookrun.core.secrets;

import io.hookrun.core.trigger.TriggerSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Envelope encryption with the local key-file wrapper (the KMS wrapper has its own test in the aws module). */
class SecretCipherTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.123456789Z");
    private static final String VALUE_A = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String VALUE_B = "ghp-secret-ünïcödé-✓";
    private static final List<TriggerSecret> SECRETS = List.of(
            new TriggerSecret("sec_0000000000000001", VALUE_A, NOW, NOW.plusSeconds(86_400)),
            new TriggerSecret("sec_0000000000000002", VALUE_B, NOW.plusSeconds(1), null));

    private final SecretCipher cipher = TestCiphers.local();

    @Test
    void seal_thenOpen_givesBackEveryIdTimeAndValue() {
        SealedSecrets sealed = cipher.seal("orders", SECRETS);

        assertThat(cipher.open("orders", sealed)).containsExactlyElementsOf(SECRETS);
        assertThat(sealed.wrapper()).isEqualTo(LocalKeyFileWrapper.KIND);
    }

    @Test
    void sealedBytes_containNoSecretValue() {
        SealedSecrets sealed = cipher.seal("orders", SECRETS);

        for (String value : List.of(VALUE_A, VALUE_B, VALUE_A.substring(6))) {
            byte[] plain = value.getBytes(StandardCharsets.UTF_8);
            assertThat(indexOf(sealed.ciphertext(), plain)).isNegative();
            assertThat(indexOf(sealed.wrappedKey(), plain)).isNegative();
        }
        assertThat(sealed.toString()).doesNotContain(VALUE_A, VALUE_B);
    }

    @Test
    void everySave_usesAFreshDataKeyAndNonce() {
        SealedSecrets first = cipher.seal("orders", SECRETS);
        SealedSecrets second = cipher.seal("orders", SECRETS);

        assertThat(first.wrappedKey()).isNotEqualTo(second.wrappedKey());
        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
    }

    @Test
    void blobOfAnotherTrigger_doesNotOpen() {
        SealedSecrets sealed = cipher.seal("orders", SECRETS);

        assertThatThrownBy(() -> cipher.open("invoices", sealed)).isInstanceOf(SecretsUnreadableException.class)
                .hasMessageContaining("invoices").hasMessageNotContaining(VALUE_A);
    }

    @Test
    void blobWithAnyByteFlipped_doesNotOpen() {
        SealedSecrets sealed = cipher.seal("orders", SECRETS);

        for (int i = 1; i < sealed.ciphertext().length; i += 7) {
            byte[] changed = sealed.ciphertext().clone();
            changed[i] ^= 0x01;
            SealedSecrets tampered = new SealedSecrets(sealed.wrapper(), sealed.wrappedKey(), changed);
            assertThatThrownBy(() -> cipher.open("orders", tampered)).as("byte %d", i)
                    .isInstanceOf(SecretsUnreadableException.class);
        }
    }

    @Test
    void wrappedKeyChangedOrFromAnotherSave_doesNotOpen() {
        SealedSecrets sealed = cipher.seal("orders", SECRETS);
        SealedSecrets other = cipher.seal("orders", SECRETS);
        byte[] flipped = sealed.wrappedKey().clone();
        flipped[flipped.length - 1] ^= 0x01;

        assertThatThrownBy(() -> cipher.open("orders", new SealedSecrets(sealed.wrapper(), flipped, sealed.ciphertext())))
                .isInstanceOf(SecretsUnreadableException.class);
        assertThatThrownBy(() -> cipher.open("orders", new SealedSecrets(sealed.wrapper(), other.wrappedKey(), sealed.ciphertext())))
                .isInstanceOf(SecretsUnreadableException.class);
    }

    @Test
    void sealedUnderAnotherKeyFile_doesNotOpen_andSaysWhichSetting() {
        SealedSecrets sealed = cipher.seal("orders", SECRETS);

        assertThatThrownBy(() -> TestCiphers.local().open("orders", sealed)).isInstanceOf(SecretsUnreadableException.class)
                .hasMessageContaining("hookrun.secrets.key-file");
    }

    @Test
    void sealedByAnotherWrapperKind_isRefusedNamingBoth() {
        SealedSecrets sealed = cipher.seal("orders", SECRETS);

        assertThatThrownBy(() -> cipher.open("orders", new SealedSecrets("kms", sealed.wrappedKey(), sealed.ciphertext())))
                .isInstanceOf(SecretsUnreadableException.class).hasMessageContaining("kms").hasMessageContaining("local-file");
    }

    @Test
    void noSecrets_sealsAndOpensToNone() {
        assertThat(cipher.open("open-trigger", cipher.seal("open-trigger", List.of()))).isEmpty();
    }

    @Test
    void keyFile_isRead_andAFileOfTheWrongSizeIsRefusedClearly(@TempDir Path dir) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path file = Files.write(dir.resolve("secrets.key"), key);
        SecretCipher fromFile = new SecretCipher(LocalKeyFileWrapper.read(file), new SecureRandom());
        SecretCipher sameKey = new SecretCipher(new LocalKeyFileWrapper(key, new SecureRandom()), new SecureRandom());

        assertThat(sameKey.open("orders", fromFile.seal("orders", SECRETS))).containsExactlyElementsOf(SECRETS);
        Path shortFile = Files.write(dir.resolve("short.key"), Arrays.copyOf(key, 16));
        assertThatThrownBy(() -> LocalKeyFileWrapper.read(shortFile)).hasMessageContaining("16 bytes")
                .hasMessageContaining("hookrun.secrets.key-file");
        assertThatThrownBy(() -> LocalKeyFileWrapper.read(dir.resolve("missing.key")))
                .hasMessageContaining("hookrun.secrets.key-file");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

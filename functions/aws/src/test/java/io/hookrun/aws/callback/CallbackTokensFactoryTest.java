package io.hookrun.aws.callback;

import io.hookrun.core.callback.CallbackConfiguration;
import io.hookrun.core.callback.CallbackToken;
import io.hookrun.core.callback.CallbackTokens;
import io.micronaut.context.BeanProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the callback key comes from: the file when set, else the secret (read once), else a refusal naming both. */
class CallbackTokensFactoryTest {

    private static final String SECRET = "Zq3v9XyLk2Pw8TmN4bRc7HsJd1FgA6eUo5iVtQnMxWzKyLpCaSbDeGfHhIjJkKlL";
    private static final CallbackToken STEP = new CallbackToken(UUID.randomUUID(), "", 2);

    private final List<String> asked = new ArrayList<>();
    private final SecretsManagerClient secrets = new SecretsManagerClient() {
        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            asked.add(request.secretId());
            return GetSecretValueResponse.builder().secretString(SECRET).build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {
        }
    };
    private final BeanProvider<SecretsManagerClient> provider = () -> secrets;

    @Test
    void theSecretIsTheKey_withoutAFile() {
        CallbackTokens tokens = new CallbackTokensFactory().callbackTokens(
                new CallbackConfiguration("hookrun-callback-key", null), provider);

        assertThat(asked).containsExactly("hookrun-callback-key");
        assertThat(tokens.issue(STEP))
                .isEqualTo(new CallbackTokens(SECRET.getBytes(StandardCharsets.UTF_8)).issue(STEP));
    }

    @Test
    void theFileIsTheKey_evenWithASecretIdAsTheLocalRuntimePassesItOn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback.key");
        byte[] key = new byte[32];
        key[0] = 7;
        Files.write(file, key);

        CallbackTokens tokens = new CallbackTokensFactory().callbackTokens(
                new CallbackConfiguration("CallbackKey", file.toString()), provider);

        assertThat(asked).isEmpty();
        assertThat(tokens.issue(STEP)).isEqualTo(new CallbackTokens(key).issue(STEP));
    }

    @Test
    void neitherIsARefusalThatNamesBothSettings() {
        assertThatThrownBy(() -> new CallbackTokensFactory().callbackTokens(new CallbackConfiguration(" ", null),
                provider)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hookrun.callbacks.key-secret-id").hasMessageContaining("hookrun.callbacks.key-file");
    }
}

package io.hookrun.aws.callback;

import io.hookrun.core.callback.CallbackConfiguration;
import io.hookrun.core.callback.CallbackKeys;
import io.hookrun.core.callback.CallbackTokens;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.nio.file.Path;

/**
 * The {@link CallbackTokens} of the functions that issue task tokens (workflow-step) or verify them (admin): under the
 * file {@code hookrun.callbacks.key-file} when one is set ({@code ./hookrun local}), else the Secrets Manager secret
 * {@code hookrun.callbacks.key-secret-id} (deployed: template.yaml's generated {@code CallbackKey}, read once per
 * instance when the bean is first used). Only in jars that carry the Secrets Manager module
 * (an optional dependency of this one); the webhook and health functions never touch tokens.
 */
@Factory
@Requires(classes = SecretsManagerClient.class)
public class CallbackTokensFactory {

    @Singleton
    CallbackTokens callbackTokens(CallbackConfiguration config, BeanProvider<SecretsManagerClient> secrets) {
        // The file wins: ./hookrun local sets it, and the template's secret id, which it also passes on, names no
        // secret there.
        if (config.keyFile() != null && !config.keyFile().isBlank()) {
            return CallbackKeys.fromFile(Path.of(config.keyFile()));
        }
        if (config.keySecretId() != null && !config.keySecretId().isBlank()) {
            return CallbackKeys.fromSecretString(secrets.get()
                    .getSecretValue(request -> request.secretId(config.keySecretId())).secretString());
        }
        throw new IllegalStateException(CallbackConfiguration.NOT_CONFIGURED);
    }
}

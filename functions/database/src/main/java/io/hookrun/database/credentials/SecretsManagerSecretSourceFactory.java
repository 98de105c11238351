package io.hookrun.database.credentials;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Database secrets from Secrets Manager, through the function's {@link SecretsManagerClient} bean (built by
 * {@code io.hookrun.aws.client.AwsClientFactory} with its timeouts). Only where the SDK module is on the class
 * path: it is an optional dependency of this module, which every database function's POM adds.
 */
@Singleton
@Requires(classes = SecretsManagerClient.class)
public class SecretsManagerSecretSourceFactory implements SecretSourceFactory {

    private final BeanProvider<SecretsManagerClient> client;

    /** @param client resolved on the first read, so a function that never connects builds no client for this */
    public SecretsManagerSecretSourceFactory(BeanProvider<SecretsManagerClient> client) {
        this.client = client;
    }

    @Override
    public DatabaseSecretSource forSecret(String secretId) {
        return new SecretsManagerDatabaseSecretSource(client::get, secretId);
    }
}

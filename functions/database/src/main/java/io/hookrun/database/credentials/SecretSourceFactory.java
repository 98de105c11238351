package io.hookrun.database.credentials;

/** Makes the source of a database secret; a bean only where the jar carries the Secrets Manager client. */
public interface SecretSourceFactory {

    DatabaseSecretSource forSecret(String secretId);
}

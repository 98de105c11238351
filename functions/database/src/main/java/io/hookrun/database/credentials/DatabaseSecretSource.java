package io.hookrun.database.credentials;

/**
 * Where the database secret's JSON comes from: Secrets Manager when deployed ({@link SecretsManagerDatabaseSecretSource}),
 * anything else in tests. Each call reads it anew; caching is {@link SecretCredentialsSource}'s business.
 */
public interface DatabaseSecretSource {

    /**
     * The secret's current value (its {@code SecretString}).
     *
     * @throws java.sql.SQLException when it cannot be read now (the message names the secret, never a value)
     */
    String read() throws java.sql.SQLException;

    /** The secret's id (ARN or name) for messages: never its value. */
    String secretId();
}

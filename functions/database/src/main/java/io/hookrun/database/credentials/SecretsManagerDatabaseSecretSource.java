package io.hookrun.database.credentials;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * The database secret read from AWS Secrets Manager with {@code GetSecretValue} (the {@code AWSCURRENT} version).
 * The function's role may read exactly this secret (template.yaml). A failed call becomes an {@link SQLException}
 * with SQLState {@code 08001} (the client could not establish the connection) and the SDK exception as its cause,
 * so the pool reports it as a connection failure and the handlers answer it as an outage, not as a bug.
 */
public final class SecretsManagerDatabaseSecretSource implements DatabaseSecretSource {

    static final String CANNOT_CONNECT = "08001";

    private final Supplier<SecretsManagerClient> client;
    private final String secretId;

    /**
     * @param client   built on first use: the first connection, not the function's init (see
     *                 {@link SecretCredentialsSource} on SnapStart)
     * @param secretId the secret's ARN (what template.yaml passes) or name
     */
    public SecretsManagerDatabaseSecretSource(Supplier<SecretsManagerClient> client, String secretId) {
        this.client = client;
        this.secretId = secretId;
    }

    @Override
    public String read() throws SQLException {
        GetSecretValueResponse response;
        try {
            response = client.get().getSecretValue(r -> r.secretId(secretId));
        } catch (SdkException e) {
            throw new SQLException("database secret " + secretId + " cannot be read from Secrets Manager: "
                    + e.getClass().getSimpleName(), CANNOT_CONNECT, e);
        }
        if (response.secretString() != null) {
            return response.secretString();
        }
        if (response.secretBinary() != null) {
            return response.secretBinary().asString(StandardCharsets.UTF_8);
        }
        throw new DatabaseSecretException("database secret " + secretId + " has no value");
    }

    @Override
    public String secretId() {
        return secretId;
    }
}

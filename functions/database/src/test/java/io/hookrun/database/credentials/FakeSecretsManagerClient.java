package io.hookrun.database.credentials;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.util.concurrent.atomic.AtomicInteger;

/** Secrets Manager holding one secret, whose value a test rotates; counts {@code GetSecretValue} calls. */
final class FakeSecretsManagerClient implements SecretsManagerClient {

    private final String secretId;
    private volatile String value;
    final AtomicInteger getSecretValueCalls = new AtomicInteger();

    FakeSecretsManagerClient(String secretId, String value) {
        this.secretId = secretId;
        this.value = value;
    }

    void rotate(String newValue) {
        value = newValue;
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        getSecretValueCalls.incrementAndGet();
        if (!secretId.equals(request.secretId())) {
            throw ResourceNotFoundException.builder().message("Secrets Manager can't find the specified secret.").build();
        }
        return GetSecretValueResponse.builder().arn(secretId).versionStages("AWSCURRENT").secretString(value).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}

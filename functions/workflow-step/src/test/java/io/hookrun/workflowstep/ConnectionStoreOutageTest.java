package io.hookrun.workflowstep;

import io.hookrun.aws.secretsmanager.SecretsManagerConnectionStore;
import io.hookrun.core.connection.ConnectionJson;
import io.hookrun.core.connection.ConnectionUnreadableException;
import io.hookrun.core.json.JsonText;
import io.hookrun.lambda.DependencyFailures;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What the worker makes of a connection that cannot be read: the HTTP task lets the store's exception go up
 * (HttpInvokeAuthenticationIT), and {@link StepRecordProcessor} tells an outage from a mistake by its cause, as it
 * does for PostgreSQL: Secrets Manager not answering or throttling is an outage (the step message comes back later
 * without spending its receive count), access denied is not (retried, then the DLQ, logged as a failure).
 */
class ConnectionStoreOutageTest {

    private static ConnectionUnreadableException failureFor(RuntimeException sdkFailure) {
        SecretsManagerClient failing = new SecretsManagerClient() {
            @Override
            public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
                throw sdkFailure;
            }

            @Override
            public String serviceName() {
                return "secretsmanager";
            }

            @Override
            public void close() {
            }
        };
        SecretsManagerConnectionStore store = new SecretsManagerConnectionStore(() -> failing,
                SecretsManagerConnectionStore.DEFAULT_PREFIX, Duration.ofMinutes(5), Clock.systemUTC(),
                new ConnectionJson(new JsonText(StepFixture.MAPPER)));
        return catchThrowableOfType(ConnectionUnreadableException.class, () -> store.find("crm"));
    }

    @Test
    void noAnswerFromSecretsManager_isADependencyOutage() {
        assertThat(DependencyFailures.isDependencyFailure(failureFor(SdkClientException.create("connect timed out"))))
                .isTrue();
    }

    @Test
    void throttling_isADependencyOutage() {
        assertThat(DependencyFailures.isDependencyFailure(failureFor(SecretsManagerException.builder().statusCode(429)
                .message("Rate exceeded").build()))).isTrue();
    }

    @Test
    void accessDenied_isNoOutage_butAMistakeToFix() {
        assertThat(DependencyFailures.isDependencyFailure(failureFor(SecretsManagerException.builder().statusCode(400)
                .message("User is not authorized to perform: secretsmanager:GetSecretValue").build()))).isFalse();
    }
}

package io.hookrun.aws.client;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The clients are built from {@code hookrun.aws.*} and the endpoint overrides alone; nothing here opens a connection. */
class AwsClientFactoryTest {

    @Test
    void withoutProperties_theDefaultsFitTheWebhookFunctionsTenSeconds() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("aws.region", "eu-west-1"))) {
            AwsClientConfiguration config = context.getBean(AwsClientConfiguration.class);

            assertThat(config).isEqualTo(AwsClientConfiguration.defaults());
            // claim, send, complete: three calls one after the other, each at most apiCallTimeout.
            assertThat(config.apiCallTimeout().multipliedBy(3)).isLessThan(Duration.ofSeconds(10));
            assertThat(config.apiCallAttemptTimeout()).isLessThanOrEqualTo(config.apiCallTimeout());
            assertThat(config.socketTimeout()).isLessThan(Duration.ofSeconds(30)); // the SDK default this replaces
        }
    }

    @Test
    void clientsCarryTheConfiguredBudgets_retries_regionAndEndpoints() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "hookrun.aws.connect-timeout", "500ms",
                "hookrun.aws.socket-timeout", "1500ms",
                "hookrun.aws.api-call-attempt-timeout", "1200ms",
                "hookrun.aws.api-call-timeout", "2500ms",
                "hookrun.aws.max-attempts", "2",
                "aws.region", "eu-west-1",
                "aws.services.dynamodb.endpoint-override", "http://127.0.0.1:8000",
                "aws.services.sqs.endpoint-override", "http://127.0.0.1:9324"))) {
            DynamoDbClient dynamoDb = context.getBean(DynamoDbClient.class);
            SqsClient sqs = context.getBean(SqsClient.class);

            assertThat(context.getBean(AwsClientConfiguration.class)).isEqualTo(new AwsClientConfiguration(
                    Duration.ofMillis(500), Duration.ofMillis(1500), Duration.ofMillis(1200), Duration.ofMillis(2500), 2));
            for (var client : new software.amazon.awssdk.awscore.AwsServiceClientConfiguration[]{
                    dynamoDb.serviceClientConfiguration(), sqs.serviceClientConfiguration()}) {
                ClientOverrideConfiguration override = client.overrideConfiguration();
                assertThat(override.apiCallTimeout()).contains(Duration.ofMillis(2500));
                assertThat(override.apiCallAttemptTimeout()).contains(Duration.ofMillis(1200));
                assertThat(override.retryStrategy()).hasValueSatisfying(r -> assertThat(r.maxAttempts()).isEqualTo(2));
                assertThat(client.region()).isEqualTo(Region.EU_WEST_1);
            }
            assertThat(dynamoDb.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:8000"));
            assertThat(sqs.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:9324"));
        }
    }

    @Test
    void withoutEndpointOverrides_clientsUseTheRegionsAwsEndpoints() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("aws.region", "eu-west-1"))) {
            assertThat(context.getBean(SqsClient.class).serviceClientConfiguration().endpointOverride()).isEmpty();
            assertThat(context.getBean(DynamoDbClient.class).serviceClientConfiguration().endpointOverride()).isEmpty();
        }
    }

    @Test
    void secretsManagerClient_carriesTheBudgets_andItsEndpointOverride() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("aws.region", "eu-west-1",
                "hookrun.aws.api-call-timeout", "2500ms",
                "aws.services.secretsmanager.endpoint-override", "http://127.0.0.1:4566"))) {
            var client = context.getBean(software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.class)
                    .serviceClientConfiguration();

            assertThat(client.overrideConfiguration().apiCallTimeout()).contains(Duration.ofMillis(2500));
            assertThat(client.endpointOverride()).contains(URI.create("http://127.0.0.1:4566"));
            assertThat(client.region()).isEqualTo(Region.EU_WEST_1);
        }
    }

    @Test
    void aZeroBudget_isRejectedWithThePropertyName() {
        assertThatThrownBy(() -> new AwsClientConfiguration(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(2),
                Duration.ofSeconds(3), 3)).hasMessageContaining("hookrun.aws.socket-timeout");
        assertThatThrownBy(() -> new AwsClientConfiguration(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(3), 0)).hasMessageContaining("hookrun.aws.max-attempts");
    }
}

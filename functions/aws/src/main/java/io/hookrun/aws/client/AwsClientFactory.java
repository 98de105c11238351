package io.hookrun.aws.client;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;

/**
 * The DynamoDB, SQS, KMS and Secrets Manager clients of every function, built here rather than by micronaut-aws-sdk-v2: that module
 * ships a factory for each of a dozen services (about 90 bean classes scanned at every cold start, for services
 * the jars do not even contain) and offers no call or attempt timeout, which a function needs to answer before
 * Lambda kills it.
 *
 * <p>Each client gets the {@link AwsClientConfiguration} budgets, the url-connection HTTP client (the lightest
 * on Lambda; the SDK closes it with the client), the default credentials chain (the function's role on Lambda),
 * and its region from {@code aws.region}: Lambda sets {@code AWS_REGION}, which Micronaut reads as
 * {@code aws.region}; without it the SDK's region chain decides. The endpoint overrides point a client at a local
 * stand-in ({@code ./hookrun local}, tests); property names as micronaut-aws-sdk-v2 had them.
 */
@Factory
public class AwsClientFactory {

    static final String DYNAMODB_ENDPOINT = "aws.services.dynamodb.endpoint-override";
    static final String SQS_ENDPOINT = "aws.services.sqs.endpoint-override";
    static final String KMS_ENDPOINT = "aws.services.kms.endpoint-override";
    static final String SECRETSMANAGER_ENDPOINT = "aws.services.secretsmanager.endpoint-override";

    private final AwsClientConfiguration config;
    private final String region;
    /** One chain for every client; a client does not close a provider it was given, so {@link #close()} does. */
    private final DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();

    public AwsClientFactory(AwsClientConfiguration config, @Property(name = "aws.region") @Nullable String region) {
        this.config = config;
        this.region = region;
    }

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamoDbClient(@Property(name = DYNAMODB_ENDPOINT) @Nullable URI endpointOverride) {
        return configure(DynamoDbClient.builder(), endpointOverride).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    SqsClient sqsClient(@Property(name = SQS_ENDPOINT) @Nullable URI endpointOverride) {
        return configure(SqsClient.builder(), endpointOverride).build();
    }

    /**
     * Only where a KMS key wraps trigger secrets ({@code HOOKRUN_SECRETS_KMS_KEY_ID}: the webhook and admin functions
     * when deployed): no other function, and no local stack, builds a client it never calls.
     */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "hookrun.secrets.kms-key-id")
    KmsClient kmsClient(@Property(name = KMS_ENDPOINT) @Nullable URI endpointOverride) {
        return configure(KmsClient.builder(), endpointOverride).build();
    }

    /**
     * Only in the jars that carry the Secrets Manager module (workflow-step for connections, admin): it is an optional
     * dependency of this module, so the webhook and health jars do not grow, and there the class is absent and this
     * bean is not defined. Built on first use (connections are read on a Task's first call, not at start-up).
     */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(classes = SecretsManagerClient.class)
    SecretsManagerClient secretsManagerClient(@Property(name = SECRETSMANAGER_ENDPOINT) @Nullable URI endpointOverride) {
        return configure(SecretsManagerClient.builder(), endpointOverride).build();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, @Nullable URI endpointOverride) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(config.connectTimeout())
                        .socketTimeout(config.socketTimeout()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(config.apiCallAttemptTimeout())
                        .apiCallTimeout(config.apiCallTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(config.maxAttempts()).build())
                        .build())
                .credentialsProvider(credentials)
                .region(region());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder;
    }

    private Region region() {
        return region == null || region.isBlank() ? new DefaultAwsRegionProviderChain().getRegion() : Region.of(region);
    }

    @PreDestroy
    void close() {
        credentials.close();
    }
}

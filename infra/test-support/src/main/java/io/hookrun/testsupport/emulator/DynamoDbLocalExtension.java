package io.hookrun.testsupport.emulator;

import io.hookrun.core.config.HookrunConfiguration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Duration;
import java.util.List;

/**
 * A {@link LocalDynamoDb} for one test class, with the hookrun table created as {@code template.yaml} declares it:
 * hash key {@code pk} (S), on demand. Register it as a {@code static} {@code @RegisterExtension} field.
 */
public final class DynamoDbLocalExtension implements BeforeAllCallback, AfterAllCallback {

    public static final String TABLE = "hookrun-test";

    private LocalDynamoDb server;
    private DynamoDbClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = LocalDynamoDb.start();
        client = newClient();
        client.createTable(r -> r.tableName(TABLE)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    public DynamoDbClient client() {
        return client;
    }

    /** A separate client on the same server, e.g. with an interceptor that counts requests. */
    public DynamoDbClient newClient(ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(server.endpoint())
                .region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().executionInterceptors(List.of(interceptors)).build())
                .build();
    }

    public static HookrunConfiguration configuration(Duration retention, Duration claimLease) {
        return new HookrunConfiguration(TABLE, null, 262144, retention, claimLease, Duration.ofSeconds(10));
    }

    public static HookrunConfiguration configuration() {
        return configuration(Duration.ofHours(72), Duration.ofSeconds(30));
    }
}

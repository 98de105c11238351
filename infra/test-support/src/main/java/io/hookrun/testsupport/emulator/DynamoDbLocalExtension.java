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
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Duration;
import java.util.List;

/**
 * A {@link LocalDynamoDb} for one test class, with the hookrun table created as {@code template.yaml} declares it:
 * hash key {@code pk} (S), on demand, with the global secondary index {@code catalog} ({@code kind}/{@code sk}, ALL).
 * Register it as a {@code static} {@code @RegisterExtension} field.
 */
public final class DynamoDbLocalExtension implements BeforeAllCallback, AfterAllCallback {

    public static final String TABLE = "hookrun-test";
    /** The table's global secondary index of the catalog (ADR 0009): workflows, triggers, workflow versions. */
    public static final String CATALOG_INDEX = "catalog";
    public static final String CATALOG_PARTITION_KEY = "kind";
    public static final String CATALOG_SORT_KEY = "sk";

    private LocalDynamoDb server;
    private DynamoDbClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = LocalDynamoDb.start();
        client = newClient();
        client.createTable(r -> r.tableName(TABLE)
                .attributeDefinitions(attribute("pk"), attribute(CATALOG_PARTITION_KEY), attribute(CATALOG_SORT_KEY))
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(CATALOG_INDEX)
                        .keySchema(KeySchemaElement.builder().attributeName(CATALOG_PARTITION_KEY).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(CATALOG_SORT_KEY).keyType(KeyType.RANGE).build())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build())
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

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
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

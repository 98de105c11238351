package io.hookrun.local.cloud;

import io.hookrun.aws.dynamodb.DynamoDbWorkflowStore;
import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.local.template.SamTemplate;
import io.hookrun.testsupport.emulator.AwsDefaults;
import io.hookrun.testsupport.emulator.LocalDynamoDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template's catalog index in DynamoDB Local: added to a table kept from a run before the index existed (what
 * {@code .hookrun/dynamodb/} holds after an upgrade), built over the items already there, and left alone the next time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlobalSecondaryIndexesIT {

    private static final Instant SAVED = Instant.parse("2025-06-01T12:00:00Z");

    private LocalDynamoDb server;
    private DynamoDbClient dynamoDb;
    private SamTemplate.Table table;

    @BeforeAll
    void start() throws Exception {
        server = LocalDynamoDb.start();
        dynamoDb = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        table = SamTemplate.read(Path.of("../../template.yaml")).tables().get("HookrunTable");
    }

    @AfterAll
    void stop() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aNewTable_isCreatedWithTheDeclaredIndexes_asProvisionerCreatesIt_andNothingIsMissingAfter() {
        SamTemplate.Table fresh = new SamTemplate.Table("FreshTable", table.properties());
        dynamoDb.createTable(r -> r.tableName(fresh.logicalId()).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(fresh.attributeDefinitions().stream().map(a -> AttributeDefinition.builder()
                        .attributeName(String.valueOf(a.get("AttributeName")))
                        .attributeType(String.valueOf(a.get("AttributeType"))).build()).toList())
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndexes.declared(fresh)));

        GlobalSecondaryIndexes.addMissing(fresh, dynamoDb);

        assertThat(dynamoDb.describeTable(r -> r.tableName(fresh.logicalId())).table().globalSecondaryIndexes())
                .singleElement().satisfies(index -> assertThat(index.indexName()).isEqualTo("catalog"));
    }

    @Test
    void aTableKeptFromBeforeTheIndex_getsIt_withTheItemsItAlreadyHeld_andASecondRunChangesNothing() {
        dynamoDb.createTable(r -> r.tableName(table.logicalId()).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        HookrunConfiguration config = new HookrunConfiguration(table.logicalId(), null, 262144, Duration.ofHours(72),
                Duration.ofSeconds(30), Duration.ofSeconds(10));
        DynamoDbWorkflowStore workflows = new DynamoDbWorkflowStore(dynamoDb, config);
        workflows.save("saved-before", "{}", SAVED);

        GlobalSecondaryIndexes.addMissing(table, dynamoDb);
        GlobalSecondaryIndexes.addMissing(table, dynamoDb);

        assertThat(dynamoDb.describeTable(r -> r.tableName(table.logicalId())).table().globalSecondaryIndexes())
                .singleElement().satisfies(index -> {
                    assertThat(index.indexName()).isEqualTo("catalog");
                    assertThat(index.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
                    assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL);
                    assertThat(index.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                            .containsExactly("kind:HASH", "sk:RANGE");
                });
        assertThat(workflows.list(null, 10).items()).extracting(StoredWorkflow::id).containsExactly("saved-before");
        assertThat(workflows.versions("saved-before", null, 10).items()).hasSize(1);
    }
}

package io.hookrun.aws.dynamodb;

import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.core.config.HookrunConfiguration;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Workflow definitions in the hookrun DynamoDB table, under {@code pk = workflow#<id>}. */
@Singleton
public class DynamoDbWorkflowStore implements WorkflowStore {

    private static final String PREFIX = "workflow#";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbWorkflowStore(DynamoDbClient dynamoDb, HookrunConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.table = config.requiredTableName();
    }

    @Override
    public Optional<StoredWorkflow> find(String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(PREFIX + id)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StoredWorkflow(id, item.get("definition").s(),
                Instant.parse(item.get("createdAt").s()), Instant.parse(item.get("updatedAt").s())));
    }

    @Override
    public StoredWorkflow save(String id, String definition, Instant now) {
        Instant createdAt = find(id).map(StoredWorkflow::createdAt).orElse(now);
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS(PREFIX + id),
                "definition", AttributeValue.fromS(definition),
                "createdAt", AttributeValue.fromS(createdAt.toString()),
                "updatedAt", AttributeValue.fromS(now.toString()))));
        return new StoredWorkflow(id, definition, createdAt, now);
    }
}

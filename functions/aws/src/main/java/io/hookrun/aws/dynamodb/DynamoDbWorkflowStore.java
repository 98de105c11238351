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

    private final ItemsByKey items;

    public DynamoDbWorkflowStore(DynamoDbClient dynamoDb, HookrunConfiguration config) {
        this.items = new ItemsByKey(dynamoDb, config.requiredTableName(), "workflow#");
    }

    @Override
    public Optional<StoredWorkflow> find(String id) {
        return items.get(id).map(item -> new StoredWorkflow(id, item.get("definition").s(),
                Instant.parse(item.get("createdAt").s()), Instant.parse(item.get("updatedAt").s())));
    }

    @Override
    public StoredWorkflow save(String id, String definition, Instant now) {
        Instant createdAt = find(id).map(StoredWorkflow::createdAt).orElse(now);
        items.put(id, Map.of(
                "definition", AttributeValue.fromS(definition),
                "createdAt", AttributeValue.fromS(createdAt.toString()),
                "updatedAt", AttributeValue.fromS(now.toString())));
        return new StoredWorkflow(id, definition, createdAt, now);
    }

    // Issue 11 contract: h-catalog implements these over the catalog index (ADR 0009).
    @Override
    public Optional<StoredWorkflow> findVersion(String id, int version) {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    @Override
    public io.hookrun.core.page.Page<io.hookrun.core.workflow.WorkflowVersion> versions(String id, String pageToken, int limit) {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    @Override
    public io.hookrun.core.page.Page<StoredWorkflow> list(String pageToken, int limit) {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    @Override
    public Optional<StoredWorkflow> retire(String id, Instant now) {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }
}

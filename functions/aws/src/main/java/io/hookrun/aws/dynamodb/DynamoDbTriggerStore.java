package io.hookrun.aws.dynamodb;

import io.hookrun.core.trigger.TriggerStore;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.config.HookrunConfiguration;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Triggers in the hookrun DynamoDB table, under {@code pk = trigger#<id>}. Secrets are a list (L) of strings,
 * which keeps their order and any duplicate; items written earlier hold them as a string set (SS), still read.
 */
@Singleton
public class DynamoDbTriggerStore implements TriggerStore {

    private final ItemsByKey items;

    public DynamoDbTriggerStore(DynamoDbClient dynamoDb, HookrunConfiguration config) {
        this.items = new ItemsByKey(dynamoDb, config.requiredTableName(), "trigger#");
    }

    @Override
    public Optional<Trigger> find(String id) {
        return items.get(id).map(item -> new Trigger(id, item.get("workflowId").s(), item.get("scheme").s(),
                secrets(item.get("secrets")), Instant.parse(item.get("createdAt").s()),
                Instant.parse(item.get("updatedAt").s())));
    }

    @Override
    public Trigger save(String id, String workflowId, String scheme, List<String> secrets, Instant now) {
        Instant createdAt = find(id).map(Trigger::createdAt).orElse(now);
        Trigger trigger = new Trigger(id, workflowId, scheme, secrets, createdAt, now);
        items.put(id, Map.of(
                "workflowId", AttributeValue.fromS(workflowId),
                "scheme", AttributeValue.fromS(scheme),
                "secrets", AttributeValue.fromL(trigger.secrets().stream().map(AttributeValue::fromS).toList()),
                "createdAt", AttributeValue.fromS(createdAt.toString()),
                "updatedAt", AttributeValue.fromS(now.toString())));
        return trigger;
    }

    private static List<String> secrets(AttributeValue stored) {
        return stored.hasL() ? stored.l().stream().map(AttributeValue::s).toList() : stored.ss();
    }
}

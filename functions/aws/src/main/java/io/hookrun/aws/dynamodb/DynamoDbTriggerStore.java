package io.hookrun.aws.dynamodb;

import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.trigger.EventSettings;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerSecret;
import io.hookrun.core.trigger.TriggerStore;
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
        // CONTRACT (issue 8): secrets are still stored in clear and every secret is current; the secrets helper
        // replaces this with envelope encryption, secret ids, expiry and the signature/event settings.
        return items.get(id).map(item -> {
            Instant createdAt = Instant.parse(item.get("createdAt").s());
            return new Trigger(id, item.get("workflowId").s(), SignatureSettings.of(item.get("scheme").s()),
                    secrets(item.get("secrets")).stream().map(v -> TriggerSecret.current(v, createdAt)).toList(),
                    EventSettings.DEFAULTS, createdAt, Instant.parse(item.get("updatedAt").s()));
        });
    }

    @Override
    public Trigger save(Trigger trigger) {
        Instant createdAt = find(trigger.id()).map(Trigger::createdAt).orElse(trigger.createdAt());
        items.put(trigger.id(), Map.of(
                "workflowId", AttributeValue.fromS(trigger.workflowId()),
                "scheme", AttributeValue.fromS(trigger.signature().scheme()),
                "secrets", AttributeValue.fromL(trigger.secrets().stream()
                        .map(s -> AttributeValue.fromS(s.value())).toList()),
                "createdAt", AttributeValue.fromS(createdAt.toString()),
                "updatedAt", AttributeValue.fromS(trigger.updatedAt().toString())));
        return new Trigger(trigger.id(), trigger.workflowId(), trigger.signature(), trigger.secrets(),
                trigger.events(), createdAt, trigger.updatedAt());
    }

    private static List<String> secrets(AttributeValue stored) {
        return stored.hasL() ? stored.l().stream().map(AttributeValue::s).toList() : stored.ss();
    }
}

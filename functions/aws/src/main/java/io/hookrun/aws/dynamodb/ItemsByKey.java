package io.hookrun.aws.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The items of one kind in the hookrun table: partition key {@code pk = <prefix><id>}, read with strong consistency
 * (an admin write is seen by the next webhook) and written whole. The prefix is also what each function's IAM
 * policy allows ({@code dynamodb:LeadingKeys} in template.yaml).
 */
final class ItemsByKey {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String prefix;

    ItemsByKey(DynamoDbClient dynamoDb, String table, String prefix) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.prefix = prefix;
    }

    Optional<Map<String, AttributeValue>> get(String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(prefix + id)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Creates or replaces the item of {@code id} with {@code attributes} (the key is added here). */
    void put(String id, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put("pk", AttributeValue.fromS(prefix + id));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }
}

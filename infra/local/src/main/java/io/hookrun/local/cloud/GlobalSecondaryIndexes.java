package io.hookrun.local.cloud;

import io.hookrun.local.template.SamTemplate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The global secondary indexes a template's table declares (issue 11: the catalog index, ADR 0009): part of a new
 * table ({@link #declared}), and added to a table kept from an earlier run the way CloudFormation adds one to a
 * deployed table ({@link #addMissing}): {@code UpdateTable} with {@code GlobalSecondaryIndexUpdates: Create}, one index
 * per call (DynamoDB creates one GSI per UpdateTable). A table kept in {@code .hookrun/dynamodb/} may predate an index,
 * which is then built over the items it already holds.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
 */
final class GlobalSecondaryIndexes {

    private static final Duration ACTIVE_WITHIN = Duration.ofSeconds(60);

    private GlobalSecondaryIndexes() {
    }

    /**
     * The indexes {@code table} declares, for {@code CreateTable} (a new table gets them at once, as a new stack does);
     * null when it declares none (DynamoDB refuses an empty list). DynamoDB also refuses a table whose
     * {@code AttributeDefinitions} name an attribute no key uses, so a template table with an index cannot be created
     * without it.
     */
    static List<GlobalSecondaryIndex> declared(SamTemplate.Table table) {
        List<GlobalSecondaryIndex> indexes = table.globalSecondaryIndexes().stream()
                .map(index -> GlobalSecondaryIndex.builder().indexName(String.valueOf(index.get("IndexName")))
                        .keySchema(keys(index)).projection(projection(index)).build())
                .toList();
        return indexes.isEmpty() ? null : indexes;
    }

    /** Creates each index of {@code table} that the local table lacks, and waits until it is ACTIVE. */
    static void addMissing(SamTemplate.Table table, DynamoDbClient dynamoDb) {
        String name = table.logicalId();
        Set<String> existing = new HashSet<>();
        TableDescription described = dynamoDb.describeTable(r -> r.tableName(name)).table();
        if (described.hasGlobalSecondaryIndexes()) {
            described.globalSecondaryIndexes().forEach(index -> existing.add(index.indexName()));
        }
        for (Map<String, Object> index : table.globalSecondaryIndexes()) {
            String indexName = String.valueOf(index.get("IndexName"));
            if (existing.contains(indexName)) {
                continue;
            }
            List<KeySchemaElement> keys = keys(index);
            Set<String> keyNames = new HashSet<>();
            keys.forEach(k -> keyNames.add(k.attributeName()));
            List<AttributeDefinition> attributes = table.attributeDefinitions().stream()
                    .filter(a -> keyNames.contains(String.valueOf(a.get("AttributeName"))))
                    .map(a -> AttributeDefinition.builder().attributeName(String.valueOf(a.get("AttributeName")))
                            .attributeType(String.valueOf(a.get("AttributeType"))).build())
                    .toList();
            dynamoDb.updateTable(r -> r.tableName(name).attributeDefinitions(attributes)
                    .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(c -> c.indexName(indexName)
                            .keySchema(keys).projection(projection(index))).build()));
            awaitActive(name, indexName, dynamoDb);
        }
    }

    private static List<KeySchemaElement> keys(Map<String, Object> index) {
        return ((List<?>) index.get("KeySchema")).stream()
                .map(k -> (Map<?, ?>) k)
                .map(k -> KeySchemaElement.builder().attributeName(String.valueOf(k.get("AttributeName")))
                        .keyType(String.valueOf(k.get("KeyType"))).build())
                .toList();
    }

    private static Projection projection(Map<String, Object> index) {
        Map<?, ?> declared = (Map<?, ?>) index.get("Projection");
        Projection.Builder projection = Projection.builder().projectionType(String.valueOf(declared.get("ProjectionType")));
        if (declared.get("NonKeyAttributes") instanceof List<?> nonKey) {
            projection.nonKeyAttributes(nonKey.stream().map(String::valueOf).toList());
        }
        return projection.build();
    }

    /** Nothing may list through an index still being built: it would answer an incomplete page. */
    private static void awaitActive(String table, String indexName, DynamoDbClient dynamoDb) {
        long deadline = System.nanoTime() + ACTIVE_WITHIN.toNanos();
        while (true) {
            List<GlobalSecondaryIndexDescription> indexes = dynamoDb.describeTable(r -> r.tableName(table)).table()
                    .globalSecondaryIndexes();
            if (indexes.stream().anyMatch(i -> i.indexName().equals(indexName) && i.indexStatus() == IndexStatus.ACTIVE)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("index " + indexName + " of table " + table + " is not ACTIVE after "
                        + ACTIVE_WITHIN.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while index " + indexName + " was being created", e);
            }
        }
    }
}

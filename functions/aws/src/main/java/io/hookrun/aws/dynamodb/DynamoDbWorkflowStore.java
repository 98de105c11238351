package io.hookrun.aws.dynamodb;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.page.Page;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.core.workflow.WorkflowConflictException;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.core.workflow.WorkflowVersion;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Workflows in the hookrun DynamoDB table, versioned (ADR 0009).
 *
 * <p>The head item {@code pk = workflow#<id>} holds the current version: {@code version}, {@code definition},
 * {@code createdAt} (first save), {@code updatedAt} (this version's save), {@code retiredAt} while retired, and
 * {@code kind = workflow, sk = <id>} for the {@link CatalogIndex catalog index}. Each version is also an immutable item
 * {@code pk = workflowversion#<id>#<n>} ({@code definition}, {@code createdAt} = its save, {@code workflowCreatedAt},
 * {@code kind = workflow-version#<id>, sk = <n, 10 digits>}, so versions list in order).
 *
 * <p>A save is one {@code TransactWriteItems}: the head, conditioned on the version this save read (or on there being
 * none), and the new version item, conditioned on not existing. Two concurrent saves cannot both make version
 * {@code n+1}: the loser reads again and tries once more, then gives up with {@link WorkflowConflictException}.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 *
 * <p>Heads written before versions existed have no {@code version}: they are version 1, and the save that replaces
 * one also writes the version item 1 it never had, from the old definition.
 *
 * <p>Costs: {@link #find} one GetItem; {@link #save} one GetItem and one transaction of two writes (three over an old
 * head), twice when it lost a race; {@link #retire} one UpdateItem; lists one Query per page.
 */
@Singleton
public class DynamoDbWorkflowStore implements WorkflowStore {

    static final String KIND = "workflow";
    static final String HEAD_PREFIX = "workflow#";
    static final String VERSION_PREFIX = "workflowversion#";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final ItemsByKey heads;
    private final ItemsByKey versionItems;
    private final CatalogIndex catalog;

    public DynamoDbWorkflowStore(DynamoDbClient dynamoDb, HookrunConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.table = config.requiredTableName();
        this.heads = new ItemsByKey(dynamoDb, table, HEAD_PREFIX);
        this.versionItems = new ItemsByKey(dynamoDb, table, VERSION_PREFIX);
        this.catalog = new CatalogIndex(dynamoDb, table);
    }

    @Override
    public Optional<StoredWorkflow> find(String id) {
        return heads.get(id).map(item -> head(id, item));
    }

    @Override
    public StoredWorkflow save(String id, String definition, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return trySave(id, definition, now);
            } catch (TransactionCanceledException e) {
                if (!lostARace(e)) {
                    throw e;
                }
                if (attempt == 2) {
                    throw new WorkflowConflictException(id);
                }
            }
        }
    }

    private StoredWorkflow trySave(String id, String definition, Instant now) {
        Optional<Map<String, AttributeValue>> current = heads.get(id);
        Instant createdAt = current.map(item -> Instant.parse(item.get("createdAt").s())).orElse(now);
        boolean unversioned = current.isPresent() && !current.get().containsKey("version");
        int read = current.map(item -> version(item)).orElse(0);
        int next = read + 1;

        Map<String, AttributeValue> head = new HashMap<>(CatalogIndex.entry(KIND, id));
        head.put("pk", AttributeValue.fromS(HEAD_PREFIX + id));
        head.put("version", number(next));
        head.put("definition", AttributeValue.fromS(definition));
        head.put("createdAt", AttributeValue.fromS(createdAt.toString()));
        head.put("updatedAt", AttributeValue.fromS(now.toString())); // no retiredAt: a save brings a workflow back
        Put.Builder headPut = Put.builder().tableName(table).item(head);
        if (current.isEmpty()) {
            headPut.conditionExpression("attribute_not_exists(pk)");
        } else if (unversioned) {
            headPut.conditionExpression("attribute_exists(pk) AND attribute_not_exists(#version)")
                    .expressionAttributeNames(Map.of("#version", "version"));
        } else {
            headPut.conditionExpression("#version = :read")
                    .expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(Map.of(":read", number(read)));
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(headPut.build()).build());
        writes.add(versionPut(id, next, definition, now, createdAt));
        if (unversioned) {
            Map<String, AttributeValue> old = current.get();
            writes.add(versionPut(id, 1, old.get("definition").s(), Instant.parse(old.get("updatedAt").s()),
                    createdAt));
        }
        dynamoDb.transactWriteItems(r -> r.transactItems(writes));
        return new StoredWorkflow(id, definition, createdAt, now, next, null);
    }

    private TransactWriteItem versionPut(String id, int version, String definition, Instant savedAt,
                                         Instant workflowCreatedAt) {
        Map<String, AttributeValue> item = new HashMap<>(CatalogIndex.entry(versionsKind(id), sortKey(version)));
        item.put("pk", AttributeValue.fromS(versionKey(id, version)));
        item.put("workflowId", AttributeValue.fromS(id));
        item.put("version", number(version));
        item.put("definition", AttributeValue.fromS(definition));
        item.put("createdAt", AttributeValue.fromS(savedAt.toString()));
        item.put("workflowCreatedAt", AttributeValue.fromS(workflowCreatedAt.toString()));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)")).build();
    }

    /**
     * Whether the transaction failed because another save got there first: a condition (the head's version, or the
     * version item already there), or a transaction on the same items in flight at the same moment.
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-conflict-handling
     */
    private static boolean lostARace(TransactionCanceledException e) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream().map(CancellationReason::code)
                .anyMatch(code -> Set.of("ConditionalCheckFailed", "TransactionConflict").contains(code));
    }

    @Override
    public Optional<StoredWorkflow> findVersion(String id, int version) {
        if (version < 1) {
            return Optional.empty();
        }
        Optional<StoredWorkflow> stored = versionItems.get(id + "#" + version).map(item -> new StoredWorkflow(id,
                item.get("definition").s(), Instant.parse(item.get("workflowCreatedAt").s()),
                Instant.parse(item.get("createdAt").s()), version, null));
        if (stored.isPresent() || version != 1) {
            return stored;
        }
        // A head saved before versions existed is version 1 until its next save writes the version item.
        return heads.get(id).filter(item -> !item.containsKey("version"))
                .map(item -> new StoredWorkflow(id, item.get("definition").s(),
                        Instant.parse(item.get("createdAt").s()), Instant.parse(item.get("updatedAt").s()), 1, null));
    }

    @Override
    public Page<WorkflowVersion> versions(String id, @Nullable String pageToken, int limit) {
        Page<Map<String, AttributeValue>> page = catalog.page(versionsKind(id), pageToken, limit, false,
                sk -> sk.equals(sortKey(Integer.parseInt(sk))) ? versionKey(id, Integer.parseInt(sk)) : null);
        return new Page<>(page.items().stream().map(item -> new WorkflowVersion(id, version(item),
                Instant.parse(item.get("createdAt").s()))).toList(), page.nextToken());
    }

    @Override
    public Page<StoredWorkflow> list(@Nullable String pageToken, int limit) {
        Page<Map<String, AttributeValue>> page = catalog.page(KIND, pageToken, limit, true, sk -> HEAD_PREFIX + sk);
        return new Page<>(page.items().stream().map(item -> head(item.get(CatalogIndex.SORT_KEY).s(), item)).toList(),
                page.nextToken());
    }

    /**
     * Sets {@code retiredAt} unless it is set (the first retirement is kept), and the catalog attributes (a head
     * written before the index gets into the lists).
     */
    @Override
    public Optional<StoredWorkflow> retire(String id, Instant now) {
        try {
            Map<String, AttributeValue> item = dynamoDb.updateItem(r -> r.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(HEAD_PREFIX + id)))
                    .conditionExpression("attribute_exists(pk)")
                    .updateExpression("SET retiredAt = if_not_exists(retiredAt, :now), #kind = :kind, #sk = :sk")
                    .expressionAttributeNames(Map.of("#kind", CatalogIndex.KIND, "#sk", CatalogIndex.SORT_KEY))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(now.toString()),
                            ":kind", AttributeValue.fromS(KIND), ":sk", AttributeValue.fromS(id)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(head(id, item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private static StoredWorkflow head(String id, Map<String, AttributeValue> item) {
        AttributeValue retiredAt = item.get("retiredAt");
        return new StoredWorkflow(id, item.get("definition").s(), Instant.parse(item.get("createdAt").s()),
                Instant.parse(item.get("updatedAt").s()), version(item),
                retiredAt == null ? null : Instant.parse(retiredAt.s()));
    }

    /** The item's version; 1 for a head written before versions existed. */
    private static int version(Map<String, AttributeValue> item) {
        AttributeValue version = item.get("version");
        return version == null ? 1 : Integer.parseInt(version.n());
    }

    static String versionsKind(String id) {
        return "workflow-version#" + id;
    }

    static String versionKey(String id, int version) {
        return VERSION_PREFIX + id + "#" + version;
    }

    /** Zero-padded to 10 digits (any int fits), so the index orders versions as numbers. */
    static String sortKey(int version) {
        return String.format("%010d", version);
    }

    private static AttributeValue number(int value) {
        return AttributeValue.fromN(Integer.toString(value));
    }
}

package io.hookrun.local.template;

import io.hookrun.aws.dynamodb.DynamoDbTriggerStore;
import io.hookrun.aws.dynamodb.DynamoDbWorkflowStore;
import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.secrets.LocalKeyFileWrapper;
import io.hookrun.core.secrets.SecretCipher;
import io.hookrun.core.trigger.TriggerStore;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.testsupport.emulator.DynamoDbLocalExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 (ADR 0009): the table's {@code catalog} index, as the template declares it, as the stores query it and as
 * DynamoDB Local tests create it; and the admin function's rights on it: it may Query the index and nothing else
 * may, it writes workflow versions only by creating them, and it deletes triggers but never workflows. (DynamoDB
 * Local ignores IAM: the stores' real requests are checked against the policies here, as in TemplateTablePolicyTest.)
 */
class TemplateCatalogIndexTest {

    private static final String TABLE = "HookrunTable";
    private static final String INDEX = "catalog";
    private static final Map<String, Object> INDEX_ARN = Map.of("Fn::Sub", "${" + TABLE + ".Arn}/index/" + INDEX);
    private static final HookrunConfiguration CONFIG = DynamoDbLocalExtension.configuration();
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final SecretCipher LOCAL_CIPHER = new SecretCipher(
            new LocalKeyFileWrapper(new byte[32], new SecureRandom()), new SecureRandom());
    private static final String VERSION_ITEM = "workflowversion#order-flow#3";

    private static SamTemplate template;
    private static SamTemplate.Table table;

    @BeforeAll
    static void read() throws Exception {
        template = SamTemplate.read(Path.of("../../template.yaml"));
        table = template.tables().get(TABLE);
    }

    /** The one statement shape allowed to name the index: Allow, Query only, on the index ARN, no condition. */
    static boolean isCatalogQuery(TablePolicy.Statement s) {
        return "Allow".equals(s.effect()) && s.actions().equals(List.of("dynamodb:Query"))
                && INDEX_ARN.equals(s.resource()) && s.condition().isEmpty();
    }

    @Test
    void table_declaresTheCatalogIndex_kindAndSk_projectionAll_onDemandLikeTheTable() {
        assertThat(table.properties()).containsEntry("BillingMode", "PAY_PER_REQUEST");
        assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index).containsEntry("IndexName", INDEX)
                    .containsEntry("Projection", Map.of("ProjectionType", "ALL"))
                    .doesNotContainKey("ProvisionedThroughput");
            assertThat(index.get("KeySchema")).isEqualTo(List.of(
                    Map.of("AttributeName", "kind", "KeyType", "HASH"),
                    Map.of("AttributeName", "sk", "KeyType", "RANGE")));
        });
        assertThat(INDEX).isEqualTo(DynamoDbLocalExtension.CATALOG_INDEX);
        assertThat(List.of("kind", "sk")).containsExactly(DynamoDbLocalExtension.CATALOG_PARTITION_KEY,
                DynamoDbLocalExtension.CATALOG_SORT_KEY);
    }

    /** CloudFormation refuses an attribute definition that no key uses, and a key without one. */
    @Test
    void everyAttributeDefinition_isAKeyOfTheTableOrOfAnIndex_andEveryKeyIsDefinedAsAString() {
        Set<String> keys = new java.util.HashSet<>();
        table.keySchema().forEach(k -> keys.add(String.valueOf(k.get("AttributeName"))));
        for (Map<String, Object> index : table.globalSecondaryIndexes()) {
            for (Object k : (List<?>) index.get("KeySchema")) {
                keys.add(String.valueOf(((Map<?, ?>) k).get("AttributeName")));
            }
        }
        Map<String, String> defined = table.attributeDefinitions().stream().collect(Collectors.toMap(
                a -> String.valueOf(a.get("AttributeName")), a -> String.valueOf(a.get("AttributeType"))));

        assertThat(defined.keySet()).isEqualTo(keys);
        assertThat(defined).containsEntry("kind", "S").containsEntry("sk", "S");
    }

    @Test
    void theStores_listOnlyThroughTheTemplatesIndex_neverScanning() {
        RecordingDynamoDb db = new RecordingDynamoDb("pk");
        WorkflowStore workflows = new DynamoDbWorkflowStore(db.client(), CONFIG);
        TriggerStore triggers = new DynamoDbTriggerStore(db.client(), CONFIG, LOCAL_CIPHER);

        workflows.list(null, 20);
        workflows.versions("order-flow", null, 20);
        triggers.list(null, 20);
        triggers.enabledFor("order-flow");

        List<QueryRequest> queries = db.requests().stream().filter(QueryRequest.class::isInstance)
                .map(QueryRequest.class::cast).toList();
        assertThat(queries).hasSize(4).allSatisfy(q -> {
            assertThat(q.indexName()).isEqualTo(INDEX);
            assertThat(q.tableName()).isEqualTo(CONFIG.requiredTableName());
            assertThat(q.consistentRead()).as("a GSI has no strongly consistent read").isNotEqualTo(Boolean.TRUE);
        });
        assertThat(db.calls()).extracting(RecordingDynamoDb.Call::action).containsOnly("dynamodb:Query");
    }

    @Test
    void adminFunction_isAllowedEveryItemRequestOfVersionsRetiringEnablingAndDeleting() {
        RecordingDynamoDb db = new RecordingDynamoDb("pk");
        WorkflowStore workflows = new DynamoDbWorkflowStore(db.client(), CONFIG);
        TriggerStore triggers = new DynamoDbTriggerStore(db.client(), CONFIG, LOCAL_CIPHER);
        TablePolicy admin = TablePolicy.of(template, "AdminFunction", TABLE);

        workflows.save("order-flow", "{\"StartAt\":\"Done\"}", NOW);
        workflows.findVersion("order-flow", 1);
        workflows.retire("order-flow", NOW);
        triggers.setEnabled("orders", false, NOW);
        triggers.delete("orders");

        assertThat(db.calls()).extracting(RecordingDynamoDb.Call::toString).contains(
                new RecordingDynamoDb.Call("dynamodb:PutItem", "workflow#order-flow").toString(),
                new RecordingDynamoDb.Call("dynamodb:PutItem", "workflowversion#order-flow#1").toString(),
                new RecordingDynamoDb.Call("dynamodb:GetItem", "workflowversion#order-flow#1").toString(),
                new RecordingDynamoDb.Call("dynamodb:UpdateItem", "workflow#order-flow").toString(),
                new RecordingDynamoDb.Call("dynamodb:UpdateItem", "trigger#orders").toString(),
                new RecordingDynamoDb.Call("dynamodb:DeleteItem", "trigger#orders").toString());
        List<String> denied = new ArrayList<>();
        db.calls().stream().filter(c -> !admin.allows(c.action(), c.partitionKey())).forEach(c -> denied.add(c.toString()));
        assertThat(denied).isEmpty();
    }

    @Test
    void adminFunction_mayQueryTheCatalogIndex_andNoOtherFunctionMayQueryOrScanAnything() {
        List<String> problems = new ArrayList<>();
        boolean adminQueries = false;
        for (String id : template.functions().keySet()) {
            for (TablePolicy.Statement s : TablePolicy.of(template, id, TABLE).statements()) {
                boolean lists = s.actions().stream().anyMatch(a -> Set.of("dynamodb:query", "dynamodb:scan",
                        "dynamodb:*", "dynamodb:partiqlselect").contains(a.toLowerCase(java.util.Locale.ROOT)));
                if (!lists) {
                    continue;
                }
                if (id.equals("AdminFunction") && isCatalogQuery(s)) {
                    adminQueries = true;
                } else {
                    problems.add(id + " " + s.actions() + " on " + s.resource());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(adminQueries).isTrue();
    }

    @Test
    void versionItems_areNeverChangedOrDeleted_workflowsNeverDeleted_andNoOtherFunctionTouchesVersions() {
        TablePolicy admin = TablePolicy.of(template, "AdminFunction", TABLE);

        for (String action : List.of("dynamodb:UpdateItem", "dynamodb:DeleteItem")) {
            assertThat(admin.allows(action, VERSION_ITEM)).as(action).isFalse();
        }
        assertThat(admin.allows("dynamodb:DeleteItem", "workflow#order-flow")).isFalse();
        for (String function : List.of("WebhookFunction", "WorkflowStepFunction", "HealthFunction")) {
            TablePolicy policy = TablePolicy.of(template, function, TABLE);
            for (String action : List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem")) {
                assertThat(policy.allows(action, VERSION_ITEM)).as(function + " " + action).isFalse();
            }
        }
    }
}

package io.hookrun.local.template;

import io.hookrun.aws.dynamodb.DynamoDbIdempotencyStore;
import io.hookrun.aws.dynamodb.DynamoDbRateLimiter;
import io.hookrun.aws.dynamodb.DynamoDbTriggerStore;
import io.hookrun.aws.dynamodb.DynamoDbWorkflowStore;
import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.core.idempotency.IdempotencyStore;
import io.hookrun.core.ratelimit.RateLimiter;
import io.hookrun.core.secrets.LocalKeyFileWrapper;
import io.hookrun.core.secrets.SecretCipher;
import io.hookrun.core.trigger.RateLimit;
import io.hookrun.core.trigger.TriggerStore;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.testsupport.emulator.DynamoDbLocalExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each function reaches only the table items it needs. DynamoDB Local ignores IAM, so nothing else would notice a
 * policy that denies what the code does (it would fail only on AWS) or grants what it should not (the step function
 * reading trigger secrets, the webhook overwriting a trigger): the requests of hookrun's real stores are checked
 * against each function's policy here, and so are the requests it must be refused.
 */
class TemplateTablePolicyTest {

    private static final String TABLE = "HookrunTable";
    private static final String GET = "dynamodb:GetItem";
    private static final String PUT = "dynamodb:PutItem";
    private static final String UPDATE = "dynamodb:UpdateItem";
    private static final String DELETE = "dynamodb:DeleteItem";
    /** Requests that always name exactly one partition key, the only ones a LeadingKeys condition can bound. */
    private static final Set<String> SINGLE_ITEM_ACTIONS = Set.of(GET, PUT, UPDATE, DELETE);
    private static final HookrunConfiguration CONFIG = DynamoDbLocalExtension.configuration();
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    /** The KMS side of the trigger store is checked by TemplateKmsPolicyTest; here a local key keeps KMS out. */
    private static final SecretCipher LOCAL_CIPHER = new SecretCipher(
            new LocalKeyFileWrapper(new byte[32], new SecureRandom()), new SecureRandom());

    private static final String TRIGGER = "trigger#orders";
    private static final String WORKFLOW = "workflow#order-flow";
    private static final String DELIVERY = new DeliveryKey("orders", "msg_1").partitionKey();
    private static final String RATE_LIMIT = DynamoDbRateLimiter.KEY_PREFIX + "orders";
    private static final String RUN_NAME = DeliveryKey.runName("order-flow", "nightly-1").partitionKey();

    private static SamTemplate template;
    private static String partitionKeyAttribute;

    @BeforeAll
    static void read() throws Exception {
        template = SamTemplate.read(Path.of("../../template.yaml"));
        partitionKeyAttribute = template.tables().get(TABLE).keySchema().stream()
                .filter(k -> "HASH".equals(k.get("KeyType"))).map(k -> String.valueOf(k.get("AttributeName")))
                .findFirst().orElseThrow();
    }

    /** A SAM policy template (DynamoDBCrudPolicy ...) or a managed policy would grant the whole table unseen. */
    @Test
    void everyFunctionPolicy_isAnInlineStatementList() {
        List<String> others = new ArrayList<>();
        template.functions().keySet().forEach(id -> {
            Object policies = SamTemplate.map(SamTemplate.map(template.resources().get(id)).get("Properties")).get("Policies");
            if (policies instanceof List<?> list) {
                list.stream().filter(p -> !(p instanceof Map<?, ?> m && m.keySet().equals(Set.of("Statement"))))
                        .forEach(p -> others.add(id + ": " + p));
            } else if (policies != null) {
                others.add(id + ": " + policies);
            }
        });
        assertThat(others).isEmpty();
    }

    @Test
    void everyTableStatement_exceptDescribeTable_isBoundToPartitionKeyPrefixes() {
        List<String> problems = new ArrayList<>();
        template.functions().keySet().forEach(id -> {
            TablePolicy policy = TablePolicy.of(template, id, TABLE);
            for (TablePolicy.Statement s : policy.statements()) {
                String where = id + " " + s.actions() + ": ";
                if (TemplateCatalogIndexTest.isCatalogQuery(s)) {
                    continue; // bound by the index ARN instead: TemplateCatalogIndexTest
                }
                if (!policy.tableArn().equals(s.resource())) {
                    problems.add(where + "Resource must be !GetAtt " + TABLE + ".Arn, not " + s.resource());
                }
                if (s.actions().equals(List.of("dynamodb:DescribeTable"))) {
                    continue;
                }
                if (!SINGLE_ITEM_ACTIONS.containsAll(s.actions())) {
                    problems.add(where + "only single-item actions can be bound by dynamodb:LeadingKeys");
                }
                List<String> patterns = s.leadingKeyPatterns();
                if (patterns.isEmpty() || !patterns.stream().allMatch(p -> p.matches("[a-z]+#\\*"))) {
                    problems.add(where + "needs ForAllValues:StringLike dynamodb:LeadingKeys of key prefixes (\"trigger#*\"), has "
                            + s.condition());
                }
                if (!Map.of(TablePolicy.LEADING_KEYS, "false").equals(s.condition().get("Null"))) {
                    problems.add(where + "needs \"Null\": {dynamodb:LeadingKeys: \"false\"}: ForAllValues alone allows a request"
                            + " without a partition key");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void aRequestWithoutAPartitionKey_isRefusedToEveryFunction_evenForAnActionItsPolicyNames() {
        for (String id : template.functions().keySet()) {
            TablePolicy policy = TablePolicy.of(template, id, TABLE);
            for (String action : SINGLE_ITEM_ACTIONS) {
                assertThat(policy.allows(action, null)).as("%s %s without a key", id, action).isFalse();
            }
        }
    }

    @Test
    void webhookFunction_isAllowedEveryRequestOfTheTriggerAndClaimStores() {
        RecordingDynamoDb db = new RecordingDynamoDb(partitionKeyAttribute);
        TriggerStore triggers = new DynamoDbTriggerStore(db.client(), CONFIG, LOCAL_CIPHER);
        IdempotencyStore claims = new DynamoDbIdempotencyStore(db.client(), CONFIG);
        DeliveryKey key = new DeliveryKey("orders", "msg_1");

        triggers.find("orders");
        claims.claim(key, "run-1", "token-1", "hash", NOW, NOW.plusSeconds(30), NOW.plusSeconds(3600));
        claims.complete(key, "token-1", 202, "{}");
        claims.abandon(key, "token-1", NOW);

        assertThat(db.calls()).extracting(RecordingDynamoDb.Call::action).contains(GET, PUT, UPDATE);
        assertThat(denied("WebhookFunction", db.calls())).isEmpty();
    }

    @Test
    void webhookFunction_isAllowedEveryRequestOfTheRateLimiter_andOnlyUpdatesOnBuckets() {
        RecordingDynamoDb db = new RecordingDynamoDb(partitionKeyAttribute);
        RateLimiter limiter = new DynamoDbRateLimiter(db.client(), CONFIG);
        TablePolicy webhook = TablePolicy.of(template, "WebhookFunction", TABLE);

        limiter.acquire("orders", new RateLimit(10, 5), NOW);

        assertThat(db.calls()).extracting(RecordingDynamoDb.Call::action).containsOnly(UPDATE);
        assertThat(denied("WebhookFunction", db.calls())).isEmpty();
        for (String action : List.of(GET, PUT, DELETE)) {
            assertThat(webhook.allows(action, RATE_LIMIT)).as(action + " " + RATE_LIMIT).isFalse();
        }
        for (String function : List.of("WorkflowStepFunction", "AdminFunction", "HealthFunction")) {
            assertThat(TablePolicy.of(template, function, TABLE).allows(UPDATE, RATE_LIMIT)).as(function).isFalse();
        }
    }

    @Test
    void webhookFunction_writesNothingButDeliveries_andReadsNoWorkflow() {
        TablePolicy webhook = TablePolicy.of(template, "WebhookFunction", TABLE);

        for (String write : List.of(PUT, UPDATE)) {
            assertThat(webhook.allows(write, DELIVERY)).as(write + " " + DELIVERY).isTrue();
            for (String key : List.of(TRIGGER, WORKFLOW, "orders")) {
                assertThat(webhook.allows(write, key)).as(write + " " + key).isFalse();
            }
        }
        // A failed enqueue gives the claim up (UpdateItem) and never deletes it: no DeleteItem at all.
        for (String key : List.of(DELIVERY, TRIGGER, WORKFLOW)) {
            assertThat(webhook.allows(DELETE, key)).as(DELETE + " " + key).isFalse();
        }
        assertThat(webhook.allows(GET, WORKFLOW)).isFalse();
    }

    @Test
    void workflowStepFunction_readsWorkflows_butNeverTriggerSecrets_andWritesNothing() {
        RecordingDynamoDb db = new RecordingDynamoDb(partitionKeyAttribute);
        WorkflowStore workflows = new DynamoDbWorkflowStore(db.client(), CONFIG);
        workflows.find("order-flow");
        TablePolicy step = TablePolicy.of(template, "WorkflowStepFunction", TABLE);

        assertThat(db.calls()).extracting(RecordingDynamoDb.Call::action).containsExactly(GET);
        assertThat(denied("WorkflowStepFunction", db.calls())).isEmpty();
        assertThat(step.allows(GET, TRIGGER)).as("trigger items hold signing secrets").isFalse();
        assertThat(step.allows(GET, DELIVERY)).isFalse();
        for (String write : List.of(PUT, UPDATE, DELETE)) {
            assertThat(step.allows(write, WORKFLOW)).as(write).isFalse();
        }
    }

    @Test
    void workflowStepFunction_isAllowedEveryRequestOfTheCircuitBreaker_onBreakerItemsOnly() {
        RecordingDynamoDb db = new RecordingDynamoDb(partitionKeyAttribute);
        io.hookrun.core.outbound.CircuitBreaker breaker = new io.hookrun.aws.dynamodb.DynamoDbCircuitBreaker(db.client(), CONFIG);
        String breakerKey = io.hookrun.aws.dynamodb.DynamoDbCircuitBreaker.KEY_PREFIX + "api.example.com";
        TablePolicy step = TablePolicy.of(template, "WorkflowStepFunction", TABLE);

        breaker.permit("api.example.com", NOW);
        breaker.record("api.example.com", true, NOW);

        assertThat(db.calls()).extracting(RecordingDynamoDb.Call::action).contains(GET, UPDATE);
        assertThat(denied("WorkflowStepFunction", db.calls())).isEmpty();
        for (String action : List.of(PUT, DELETE)) {
            assertThat(step.allows(action, breakerKey)).as(action + " " + breakerKey).isFalse();
        }
        assertThat(step.allows(UPDATE, WORKFLOW)).isFalse();
        assertThat(TablePolicy.of(template, "WebhookFunction", TABLE).allows(UPDATE, breakerKey)).isFalse();
    }

    @Test
    void adminFunction_isAllowedEveryRequestOfTheTriggerAndWorkflowStores_butNoDelivery() {
        RecordingDynamoDb db = new RecordingDynamoDb(partitionKeyAttribute);
        TriggerStore triggers = new DynamoDbTriggerStore(db.client(), CONFIG, LOCAL_CIPHER);
        WorkflowStore workflows = new DynamoDbWorkflowStore(db.client(), CONFIG);
        TablePolicy admin = TablePolicy.of(template, "AdminFunction", TABLE);

        workflows.save("order-flow", "{\"StartAt\":\"Done\"}", NOW);
        workflows.find("order-flow");
        triggers.save("orders", "order-flow", "standard-webhooks", List.of("whsec_c2VjcmV0"), NOW);
        triggers.find("orders");

        assertThat(db.calls()).extracting(RecordingDynamoDb.Call::action).contains(GET, PUT);
        assertThat(denied("AdminFunction", db.calls())).isEmpty();
        for (String action : SINGLE_ITEM_ACTIONS) {
            assertThat(admin.allows(action, DELIVERY)).as(action + " " + DELIVERY).isFalse();
        }
        assertThat(admin.allows(DELETE, WORKFLOW)).as("workflows are retired, never deleted").isFalse();
    }

    @Test
    void adminFunction_isAllowedEveryRequestOfTheClaimStoreOnRunNames_andTheWebhookIsNot() {
        RecordingDynamoDb db = new RecordingDynamoDb(partitionKeyAttribute);
        IdempotencyStore claims = new DynamoDbIdempotencyStore(db.client(), CONFIG);
        DeliveryKey key = DeliveryKey.runName("order-flow", "nightly-1");

        claims.claim(key, "run-1", "token-1", "hash", NOW, NOW.plusSeconds(30), NOW.plusSeconds(3600));
        claims.complete(key, "token-1", 202, "{}");
        claims.abandon(key, "token-1", NOW);

        assertThat(db.calls()).extracting(RecordingDynamoDb.Call::action).contains(PUT, UPDATE);
        assertThat(denied("AdminFunction", db.calls())).isEmpty();
        TablePolicy webhook = TablePolicy.of(template, "WebhookFunction", TABLE);
        for (String action : SINGLE_ITEM_ACTIONS) {
            assertThat(webhook.allows(action, RUN_NAME)).as(action + " " + RUN_NAME).isFalse();
        }
        assertThat(TablePolicy.of(template, "AdminFunction", TABLE).allows(DELETE, RUN_NAME)).isFalse();
    }

    @Test
    void healthFunction_describesTheTable_andReadsNoItem() {
        TablePolicy health = TablePolicy.of(template, "HealthFunction", TABLE);

        assertThat(health.allows("dynamodb:DescribeTable", null)).isTrue();
        for (String key : List.of(TRIGGER, WORKFLOW, DELIVERY)) {
            assertThat(health.allows(GET, key)).as(key).isFalse();
        }
    }

    private static List<String> denied(String functionId, List<RecordingDynamoDb.Call> calls) {
        TablePolicy policy = TablePolicy.of(template, functionId, TABLE);
        return calls.stream().filter(c -> !policy.allows(c.action(), c.partitionKey())).map(Object::toString).toList();
    }
}

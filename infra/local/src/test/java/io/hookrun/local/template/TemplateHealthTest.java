package io.hookrun.local.template;

import io.hookrun.aws.dynamodb.DynamoDbCircuitBreaker;
import io.hookrun.core.outbound.CircuitBreaker;
import io.hookrun.testsupport.emulator.DynamoDbLocalExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.hookrun.local.template.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template's part of health (ADR 0008): the readiness routes and GET /health on HealthFunction, the every-minute
 * HealthMetricsFunction from the same jar, and both functions' reads: the table's metadata, both queues' attributes,
 * and the circuit breakers' items by GetItem (the index item and each listed host), nothing else.
 */
class TemplateHealthTest {

    private static final List<String> HEALTH_FUNCTIONS = List.of("HealthFunction", "HealthMetricsFunction");
    private static final String TABLE = "HookrunTable";
    private static final Map<String, Object> STEPS_QUEUE_ARN = Map.of("Fn::GetAtt", List.of("StepsQueue", "Arn"));
    private static final Map<String, Object> DLQ_ARN = Map.of("Fn::GetAtt", List.of("StepsDeadLetterQueue", "Arn"));

    private static SamTemplate template;

    @BeforeAll
    static void read() throws Exception {
        template = SamTemplate.read(Path.of("../../template.yaml"));
    }

    @Test
    void healthFunction_servesLivenessReadinessAndHealth_openly() {
        assertThat(template.functions().get("HealthFunction").routes()).containsExactlyInAnyOrder(
                new SamTemplate.HttpRoute("GET", "/health/liveness", false),
                new SamTemplate.HttpRoute("GET", "/health/readiness", false),
                new SamTemplate.HttpRoute("GET", "/health", false));
    }

    @Test
    void healthMetricsFunction_runsTheScheduledHandlerOfTheHealthJar_everyMinute_asServiceHealth() {
        SamTemplate.Function metrics = template.functions().get("HealthMetricsFunction");
        SamTemplate.Function health = template.functions().get("HealthFunction");

        assertThat(metrics.handler()).isEqualTo("io.hookrun.health.ReadinessMetricsHandler");
        assertThat(metrics.codeUri()).isEqualTo(health.codeUri());
        assertThat(metrics.schedules()).containsExactly("rate(1 minute)");
        assertThat(metrics.routes()).isEmpty();
        assertThat(metrics.environment()).containsEntry("HOOKRUN_METRICS_SERVICE", "health");
        // Readiness needs what HealthFunction has: the database and the same VPC placement.
        Map<String, Object> healthProperties = properties("HealthFunction");
        Map<String, Object> metricsProperties = properties("HealthMetricsFunction");
        assertThat(metricsProperties.get("VpcConfig")).isEqualTo(healthProperties.get("VpcConfig"));
        for (String variable : List.of("DATASOURCES_DEFAULT_URL", "HOOKRUN_STEPS_DEAD_LETTER_QUEUE_URL")) {
            assertThat(metrics.environment().get(variable)).as(variable).isEqualTo(health.environment().get(variable));
        }
    }

    @Test
    void bothKnowTheDeadLetterQueue_andHealthGetsTheDeploymentsVersionCommitAndTime() {
        for (String id : HEALTH_FUNCTIONS) {
            assertThat(template.functions().get(id).environment()).as(id)
                    .containsEntry("HOOKRUN_STEPS_DEAD_LETTER_QUEUE_URL", Map.of("Ref", "StepsDeadLetterQueue"));
        }
        assertThat(template.functions().get("HealthFunction").environment())
                .containsEntry("HOOKRUN_VERSION", Map.of("Ref", "HookrunVersion"))
                .containsEntry("HOOKRUN_COMMIT", Map.of("Ref", "HookrunCommit"))
                .containsEntry("HOOKRUN_DEPLOYED_AT", Map.of("Ref", "DeployedAt"));
        assertThat(template.parameters()).containsKeys("HookrunVersion", "HookrunCommit", "DeployedAt");
        for (String parameter : List.of("HookrunVersion", "HookrunCommit", "DeployedAt")) {
            assertThat(map(template.parameters().get(parameter))).as(parameter).containsEntry("Default", "");
        }
    }

    @Test
    void bothMayReadBothQueuesAttributes_andNoOtherSqsAction() {
        for (String id : HEALTH_FUNCTIONS) {
            List<Map<String, Object>> sqs = statements(id).stream()
                    .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("sqs:"))).toList();
            assertThat(sqs).as(id).singleElement().satisfies(s -> {
                assertThat(actions(s)).containsExactly("sqs:GetQueueAttributes");
                assertThat(s.get("Resource")).isEqualTo(List.of(STEPS_QUEUE_ARN, DLQ_ARN));
            });
        }
    }

    @Test
    void bothMayMakeEveryRequestOfListingOpenBreakers_andReadNoOtherItem() {
        ListingDynamoDb db = new ListingDynamoDb();
        CircuitBreaker breakers = new DynamoDbCircuitBreaker(db, DynamoDbLocalExtension.configuration());

        List<CircuitBreaker.OpenCircuit> open = breakers.open(Instant.parse("2026-11-30T10:00:00Z"), 20);

        assertThat(open).extracting(CircuitBreaker.OpenCircuit::host).containsExactly("api.example.com");
        assertThat(db.keys).containsExactly(DynamoDbCircuitBreaker.OPEN_INDEX_KEY, "breaker#api.example.com");
        for (String id : HEALTH_FUNCTIONS) {
            TablePolicy policy = TablePolicy.of(template, id, TABLE);
            for (String key : db.keys) {
                assertThat(policy.allows("dynamodb:GetItem", key)).as(id + " GetItem " + key).isTrue();
            }
            for (String key : List.of("trigger#orders", "workflow#order-flow", "delivery#7#orders#msg_1")) {
                assertThat(policy.allows("dynamodb:GetItem", key)).as(id + " GetItem " + key).isFalse();
            }
            for (String write : List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem")) {
                assertThat(policy.allows(write, DynamoDbCircuitBreaker.OPEN_INDEX_KEY)).as(id + " " + write).isFalse();
            }
        }
    }

    @Test
    void theWorkflowStepFunction_mayKeepTheOpenBreakersIndex() {
        assertThat(TablePolicy.of(template, "WorkflowStepFunction", TABLE)
                .allows("dynamodb:UpdateItem", DynamoDbCircuitBreaker.OPEN_INDEX_KEY)).isTrue();
    }

    private static Map<String, Object> properties(String id) {
        return map(map(template.resources().get(id)).get("Properties"));
    }

    private static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(action));
    }

    private static List<Map<String, Object>> statements(String functionId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        if (properties(functionId).get("Policies") instanceof List<?> policies) {
            for (Object policy : policies) {
                if (map(policy).get("Statement") instanceof List<?> each) {
                    each.forEach(s -> statements.add(map(s)));
                }
            }
        }
        return statements;
    }

    /** A table with one open breaker (api.example.com) listed in the index; records the partition key of each read. */
    private static final class ListingDynamoDb implements DynamoDbClient {

        final List<String> keys = new ArrayList<>();

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            String key = request.key().get("pk").s();
            keys.add(key);
            if (key.equals(DynamoDbCircuitBreaker.OPEN_INDEX_KEY)) {
                return GetItemResponse.builder().item(Map.of("pk", AttributeValue.fromS(key),
                        "hosts", AttributeValue.fromSs(List.of("api.example.com")))).build();
            }
            return GetItemResponse.builder().item(Map.of("pk", AttributeValue.fromS(key),
                    "openedAt", AttributeValue.fromN("1796032800000"),
                    "openUntil", AttributeValue.fromN("1796032830000"))).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }
}

package io.hookrun.local.template;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.hookrun.core.message.StepQueue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** template.yaml is deployable as it stands: handlers exist and fit their events, references resolve, policies are scoped. */
class TemplateTest {

    private static SamTemplate template;

    @BeforeAll
    static void read() throws Exception {
        template = SamTemplate.read(Path.of("../../template.yaml"));
    }

    @Test
    void declaresTheSixFunctions_andTheDeployCheckHook() {
        assertThat(template.functions()).containsOnlyKeys("WebhookFunction", "WorkflowStepFunction", "RunSweeperFunction",
                "HealthFunction", "AdminFunction",
                // readiness as metrics every minute
                "HealthMetricsFunction",
                // CodeDeploy's PreTraffic check of the webhook
                "DeployCheckFunction");
    }

    @Test
    void everyHandlerClassExists_andHandlesItsEventType() throws Exception {
        for (SamTemplate.Function function : template.functions().values()) {
            Class<?> handler = Class.forName(function.handler());
            assertThat(RequestHandler.class).as(function.logicalId()).isAssignableFrom(handler);
            assertThat(handler.getConstructor()).as("Lambda needs a no-argument constructor").isNotNull();
            // HTTP routes get HTTP API events, queues SQS events, and a schedule (no route, no queue) its JSON as a Map.
            Class<?> expected = !function.queues().isEmpty() ? SQSEvent.class
                    : function.routes().isEmpty() ? java.util.Map.class : APIGatewayV2HTTPEvent.class;
            assertThat(eventType(handler)).as(function.logicalId()).isEqualTo(expected);
        }
    }

    @Test
    void everyReferenceResolvesToAParameterResourceOrPseudoParameter() {
        Map<String, Object> parameters = new java.util.HashMap<>();
        template.parameters().keySet().forEach(p -> parameters.put(p, "value-of-" + p));
        parameters.put("DatabaseSubnetIds", List.of("subnet-1"));
        parameters.put("DatabaseSecurityGroupIds", List.of("sg-1"));
        Map<String, Object> resources = template.resources();
        // SAM's own resources (<Function>.Version, <Function>DeploymentGroup...) exist once the transform ran.
        java.util.Set<String> generated = template.samGeneratedReferences();
        Intrinsics intrinsics = new Intrinsics(parameters, id -> resources.containsKey(id) || generated.contains(id) ? id : null,
                (id, attribute) -> resources.containsKey(id) ? id + "." + attribute : null, template.conditions());
        // Throws, naming the reference, if anything names nothing.
        intrinsics.resolve(template.resources());
        intrinsics.resolve(template.root().get("Outputs"));
        intrinsics.resolve(template.root().get("Globals"));
    }

    @Test
    void noPolicyStatementGrantsAWildcardResourceOrAction() {
        List<String> wildcards = new ArrayList<>();
        template.resources().forEach((id, resource) -> {
            Object policies = SamTemplate.map(SamTemplate.map(resource).get("Properties")).get("Policies");
            if (policies instanceof List<?> list) {
                for (Object policy : list) {
                    for (Object statement : (List<?>) SamTemplate.map(policy).get("Statement")) {
                        Map<String, Object> s = SamTemplate.map(statement);
                        if ((String.valueOf(s.get("Resource")).contains("*") && !TemplateConnectionSecretsTest.isConnectionSecretsPrefix(s.get("Resource")))
                                || String.valueOf(s.get("Action")).contains("*")) {
                            wildcards.add(id + ": " + s);
                        }
                    }
                }
            }
        });
        assertThat(wildcards).isEmpty();
    }

    /** Visibility timeout, batch item failures and batch size of every SQS event: {@link TemplateSamRulesTest}. */
    @Test
    void stepsQueue_feedsTheStepFunction_andHasADeadLetterQueue() {
        Map<String, Object> queue = template.queues().get("StepsQueue").properties();
        assertThat(SamTemplate.map(queue.get("RedrivePolicy"))).containsKeys("deadLetterTargetArn", "maxReceiveCount");
        assertThat(template.functions().get("WorkflowStepFunction").queues()).extracting(SamTemplate.SqsMapping::queueArn)
                .containsExactly(Map.of("Fn::GetAtt", List.of("StepsQueue", "Arn")));
    }

    /** SQS's default is still 256 KiB; the webhook's body limit and envelope check assume 1 MiB on every queue. */
    @Test
    void everyQueue_takesSqsLargestMessage() {
        assertThat(template.queues()).isNotEmpty();
        template.queues().forEach((id, queue) -> assertThat(queue.properties().get("MaximumMessageSize")).as(id)
                .isEqualTo(StepQueue.MAX_MESSAGE_BYTES));
    }

    @Test
    void table_hasTtlAndPointInTimeRecovery() {
        Map<String, Object> table = template.tables().get("HookrunTable").properties();
        assertThat(SamTemplate.map(table.get("TimeToLiveSpecification"))).containsEntry("Enabled", true);
        assertThat(SamTemplate.map(table.get("PointInTimeRecoverySpecification"))).containsEntry("PointInTimeRecoveryEnabled", true);
    }

    @Test
    void functionsRunJava21WithSnapStartOnPublishedVersions() {
        Map<String, Object> globals = SamTemplate.map(SamTemplate.map(template.root().get("Globals")).get("Function"));
        assertThat(globals).containsEntry("Runtime", "java21").containsKey("AutoPublishAlias");
        assertThat(SamTemplate.map(globals.get("SnapStart"))).containsEntry("ApplyOn", "PublishedVersions");
    }

    private static Class<?> eventType(Class<?> handler) {
        for (Class<?> c = handler; c != null; c = c.getSuperclass()) {
            if (c.getGenericSuperclass() instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> type) {
                return type;
            }
        }
        return null;
    }
}

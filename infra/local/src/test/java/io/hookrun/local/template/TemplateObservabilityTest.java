package io.hookrun.local.template;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.hookrun.local.template.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template's part of ADR 0008's logs, metrics and traces: X-Ray active tracing on every function, a log group
 * with the retention parameter per function given to it as its LoggingConfig, the JSON log format, and the Service
 * dimension of each function's metrics.
 */
class TemplateObservabilityTest {

    /** The values CloudWatch Logs accepts for RetentionInDays. */
    private static final List<Integer> RETENTIONS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static SamTemplate template;

    @BeforeAll
    static void read() throws Exception {
        template = SamTemplate.read(Path.of("../../template.yaml"));
    }

    private static Map<String, Object> properties(String logicalId) {
        return map(map(template.resources().get(logicalId)).get("Properties"));
    }

    @Test
    void everyFunctionHasActiveTracing_throughGlobals_andNoneTurnsItOff() {
        Map<String, Object> globals = map(map(template.root().get("Globals")).get("Function"));

        assertThat(globals).containsEntry("Tracing", "Active");
        template.functions().keySet().forEach(id ->
                assertThat(properties(id).getOrDefault("Tracing", "Active")).as(id).isEqualTo("Active"));
    }

    @Test
    void theHttpApiHasNoTracingSetting_becauseApiGatewayTracesRestApisOnly() {
        template.resources().forEach((id, resource) -> {
            if ("AWS::Serverless::HttpApi".equals(map(resource).get("Type"))) {
                assertThat(properties(id)).as(id).doesNotContainKeys("TracingEnabled", "Tracing");
            }
        });
    }

    @Test
    void everyFunctionLogsAsJson_intoALogGroupOfItsOwn_keptForLogRetentionDays() {
        Set<Object> groups = new HashSet<>();
        template.functions().keySet().forEach(id -> {
            Map<String, Object> logging = map(properties(id).get("LoggingConfig"));
            assertThat(logging).as(id).containsEntry("LogFormat", "JSON");
            assertThat(logging.get("ApplicationLogLevel")).as(id).isEqualTo(Map.of("Fn::If",
                    List.of("LogLevelBelowInfo", Map.of("Ref", "LogLevel"), "INFO")));
            Object group = map(logging.get("LogGroup")).get("Ref");
            assertThat(groups.add(group)).as(id + " has a group no other function writes to").isTrue();
            Map<String, Object> resource = map(template.resources().get(String.valueOf(group)));
            assertThat(resource).as(id).containsEntry("Type", "AWS::Logs::LogGroup");
            Map<String, Object> groupProperties = map(resource.get("Properties"));
            assertThat(groupProperties).as(id).containsEntry("RetentionInDays", Map.of("Ref", "LogRetentionDays"));
            assertThat(groupProperties.get("LogGroupName")).as(id)
                    .isEqualTo(Map.of("Fn::Sub", "/aws/lambda/${AWS::StackName}-" + id));
        });
        assertThat(groups).hasSize(template.functions().size());
    }

    @Test
    void logRetentionDays_defaultsTo30_andAllowsExactlyTheValuesCloudWatchAccepts() {
        Map<String, Object> parameter = map(template.parameters().get("LogRetentionDays"));

        assertThat(parameter).containsEntry("Type", "Number").containsEntry("Default", 30);
        assertThat(parameter.get("AllowedValues")).isEqualTo(RETENTIONS);
    }

    @Test
    void logLevel_reachesEveryFunction_andLambdasFilterNeverDropsTheMetricLines() {
        Map<String, Object> parameter = map(template.parameters().get("LogLevel"));
        assertThat(parameter).containsEntry("Default", "INFO");
        assertThat(template.conditions().get("LogLevelBelowInfo")).isEqualTo(Map.of("Fn::Or", List.of(
                Map.of("Fn::Equals", List.of(Map.of("Ref", "LogLevel"), "TRACE")),
                Map.of("Fn::Equals", List.of(Map.of("Ref", "LogLevel"), "DEBUG")))));
        template.functions().forEach((id, function) ->
                assertThat(function.environment()).as(id).containsEntry("HOOKRUN_LOG_LEVEL", Map.of("Ref", "LogLevel")));
    }

    @Test
    void everyFunctionNamesItsMetricsService_aBoundedValue() {
        Map<String, String> expected = Map.of("WebhookFunction", "webhook", "WorkflowStepFunction", "workflow-step",
                "RunSweeperFunction", "run-sweeper", "HealthFunction", "health", "AdminFunction", "admin");
        template.functions().forEach((id, function) -> {
            Object service = function.environment().get("HOOKRUN_METRICS_SERVICE");
            assertThat(service).as(id).isInstanceOf(String.class);
            assertThat(String.valueOf(service)).as(id).matches("[a-z-]+");
            if (expected.containsKey(id)) {
                assertThat(service).as(id).isEqualTo(expected.get(id));
            }
        });
    }
}

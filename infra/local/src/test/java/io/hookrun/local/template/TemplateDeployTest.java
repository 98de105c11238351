package io.hookrun.local.template;

import io.hookrun.lambda.telemetry.MetricNames;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.hookrun.local.template.SamTemplate.list;
import static io.hookrun.local.template.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10's deploy safety in template.yaml (ADR 0008): every function but the hook deploys through CodeDeploy with
 * the type parameter and rolls back on its alarms, the webhook runs the PreTraffic check first, every alarm measures
 * what it says and pages the topic, the dashboard body is JSON once substituted, code signing is optional.
 * {@link TemplateCfnLintIT} runs the real SAM transform over the same file.
 */
class TemplateDeployTest {

    private static final String HOOK = "DeployCheckFunction";
    private static final Map<String, Object> ALARM_ACTIONS = Map.of("Fn::If",
            List.of("CreateAlarmTopic", Map.of("Ref", "AlarmTopic"), Map.of("Ref", "AlarmTopicArn")));
    /** SAM's predefined deployment types (CodeDeployDefault.Lambda<type>), and AllAtOnce. */
    private static final Set<String> DEPLOYMENT_TYPES = Set.of("Canary10Percent5Minutes", "Canary10Percent10Minutes",
            "Canary10Percent15Minutes", "Canary10Percent30Minutes", "Linear10PercentEvery1Minute",
            "Linear10PercentEvery2Minutes", "Linear10PercentEvery3Minutes", "Linear10PercentEvery10Minutes", "AllAtOnce");

    private static SamTemplate template;

    @BeforeAll
    static void read() throws Exception {
        template = SamTemplate.read(Path.of("../../template.yaml"));
    }

    @Test
    void deploymentType_isAParameter_canary10Percent5MinutesByDefault_limitedToCodeDeploysLambdaConfigs() {
        Map<String, Object> type = map(template.parameters().get("DeploymentType"));

        assertThat(type).containsEntry("Default", "Canary10Percent5Minutes");
        assertThat(((List<?>) type.get("AllowedValues")).stream().map(String::valueOf).toList())
                .containsExactlyInAnyOrderElementsOf(DEPLOYMENT_TYPES);
    }

    @Test
    void everyFunctionButTheHook_deploysThroughCodeDeploy_withTheTypeParameter_andItsOwnErrorAlarm() {
        assertThat(map(map(template.root().get("Globals")).get("Function"))).containsEntry("AutoPublishAlias", "live");
        for (String id : template.functions().keySet()) {
            if (id.equals(HOOK)) {
                continue;
            }
            Map<String, Object> preference = deploymentPreference(id);
            assertThat(preference).as(id).containsEntry("Type", Map.of("Ref", "DeploymentType"));
            assertThat(preference.get("Alarms")).as(id).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                    .contains(Map.of("Ref", id.replace("Function", "") + "ErrorRateAlarm"));
            assertThat(preference).as(id).doesNotContainKey("Enabled");
        }
    }

    @Test
    void webhook_runsThePreTrafficCheck_andRollsBackOnItsHttp5xxRate_namedAsTheAlarmIsNamed() {
        Map<String, Object> preference = deploymentPreference("WebhookFunction");

        assertThat(map(preference.get("Hooks"))).isEqualTo(Map.of("PreTraffic", Map.of("Ref", HOOK)));
        Object alarmName = map(properties("WebhookHttp5xxRateAlarm")).get("AlarmName");
        assertThat(alarmName).isNotNull();
        assertThat(SamTemplate.list(preference.get("Alarms")).stream().map(Object.class::cast).toList()).contains(alarmName);
        assertThat(template.deploymentHooks()).containsExactly(HOOK);
    }

    @Test
    void theLocalRuntime_refusesToLoadTheHook_whichOnlyCodeDeployCalls() {
        assertThatThrownBy(() -> io.hookrun.local.cloud.LocalCloud.start(io.hookrun.local.cloud.LocalCloudOptions
                .of(Path.of("../../template.yaml")).withFunctions(HOOK)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CodeDeploy deployment hook");
    }

    @Test
    void everyAlarmARollbackNames_existsInTheTemplate() {
        Map<String, Object> alarmNames = new HashMap<>();
        template.resources().forEach((id, r) -> {
            if ("AWS::CloudWatch::Alarm".equals(map(r).get("Type"))) {
                alarmNames.put(id, map(map(r).get("Properties")).get("AlarmName"));
            }
        });
        for (String id : template.functions().keySet()) {
            if (id.equals(HOOK)) {
                continue;
            }
            for (Object alarm : (List<?>) deploymentPreference(id).get("Alarms")) {
                Object ref = map(alarm).get("Ref");
                assertThat(ref != null ? alarmNames.containsKey(String.valueOf(ref)) : alarmNames.containsValue(alarm))
                        .as(id + " rolls back on " + alarm).isTrue();
            }
        }
    }

    @Test
    void theHook_isNotDeployedThroughItself_isNamedForCodeDeploysRole_andMayOnlyInvokeTheVersionsUnderTest() {
        Map<String, Object> hook = properties(HOOK);

        assertThat(hook).doesNotContainKey("DeploymentPreference");
        assertThat(String.valueOf(map(hook.get("FunctionName")).get("Fn::Sub"))).startsWith("CodeDeployHook_");
        assertThat(template.functions().get(HOOK).environment())
                .containsEntry("HOOKRUN_DEPLOY_CHECK_WEBHOOK_FUNCTION", Map.of("Ref", "WebhookFunction.Version"))
                .containsEntry("HOOKRUN_DEPLOY_CHECK_ADMIN_FUNCTION", Map.of("Ref", "AdminFunction.Version"));
        Map<String, Object> actions = new LinkedHashMap<>();
        for (Object policy : list(hook.get("Policies"))) {
            for (Object statement : list(map(policy).get("Statement"))) {
                Map<String, Object> s = map(statement);
                for (Object action : (List<?>) s.get("Action")) {
                    actions.put(String.valueOf(action), s.get("Resource"));
                }
            }
        }
        assertThat(actions).containsOnlyKeys("lambda:InvokeFunction", "codedeploy:PutLifecycleEventHookExecutionStatus");
        assertThat(actions.get("lambda:InvokeFunction")).isEqualTo(List.of(Map.of("Ref", "WebhookFunction.Version"),
                Map.of("Ref", "AdminFunction.Version")));
        assertThat(String.valueOf(map(actions.get("codedeploy:PutLifecycleEventHookExecutionStatus")).get("Fn::Sub")))
                .endsWith(":deploymentgroup:${ServerlessDeploymentApplication}/${WebhookFunctionDeploymentGroup}");
    }

    @Test
    void everyAlarm_pagesTheTopicParameter_orTheTopicMadeWhenItIsEmpty_onAlarmAndOnOk() {
        assertThat(template.conditions()).containsEntry("CreateAlarmTopic",
                Map.of("Fn::Equals", List.of(Map.of("Ref", "AlarmTopicArn"), "")));
        assertThat(map(template.resources().get("AlarmTopic"))).containsEntry("Condition", "CreateAlarmTopic");
        List<String> alarms = alarms();
        assertThat(alarms).hasSizeGreaterThanOrEqualTo(4 + 2 * (template.functions().size() - 1));
        for (String id : alarms) {
            assertThat(properties(id).get("AlarmActions")).as(id).isEqualTo(List.of(ALARM_ACTIONS));
            assertThat(properties(id).get("OKActions")).as(id).isEqualTo(List.of(ALARM_ACTIONS));
        }
    }

    @Test
    void webhook5xxRate_isTheHttpApis5xxOverCount_above1Percent_for2Minutes() {
        Map<String, Object> alarm = properties("WebhookHttp5xxRateAlarm");

        assertThat(alarm).containsEntry("ComparisonOperator", "GreaterThanThreshold").containsEntry("Threshold", 1)
                .containsEntry("EvaluationPeriods", 2).containsEntry("DatapointsToAlarm", 2);
        Map<String, Map<String, Object>> metrics = metricsById(alarm);
        assertThat(String.valueOf(metrics.get("rate").get("Expression"))).contains("100 * FILL(errors, 0) / requests");
        for (String id : List.of("errors", "requests")) {
            Map<String, Object> stat = map(metrics.get(id).get("MetricStat"));
            Map<String, Object> metric = map(stat.get("Metric"));
            assertThat(metric).containsEntry("Namespace", "AWS/ApiGateway")
                    .containsEntry("MetricName", id.equals("errors") ? "5xx" : "Count");
            assertThat(dimensions(metric)).isEqualTo(Map.of("ApiId", Map.of("Ref", "HttpApi"), "Stage", "$default"));
            assertThat(stat).containsEntry("Period", 60).containsEntry("Stat", "Sum");
        }
    }

    @Test
    void everyDeadLetterQueue_alarmsOnItsFirstVisibleMessage() {
        List<String> deadLetterQueues = new ArrayList<>();
        template.queues().values().forEach(q -> {
            Object target = q.redrivePolicy().get("deadLetterTargetArn");
            if (target != null) {
                deadLetterQueues.add(String.valueOf(((List<?>) map(target).get("Fn::GetAtt")).getFirst()));
            }
        });
        assertThat(deadLetterQueues).contains("StepsDeadLetterQueue");
        for (String queue : deadLetterQueues) {
            assertThat(alarms()).as(queue).anySatisfy(id -> {
                Map<String, Object> alarm = properties(id);
                assertThat(alarm).containsEntry("Namespace", "AWS/SQS")
                        .containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
                        .containsEntry("ComparisonOperator", "GreaterThanThreshold").containsEntry("Threshold", 0);
                assertThat(dimensions(alarm)).containsEntry("QueueName", Map.of("Fn::GetAtt", List.of(queue, "QueueName")));
            });
        }
    }

    @Test
    void oldestStepMessage_alarmsPastTheAgeParameter() {
        Map<String, Object> alarm = properties("StepsQueueOldestMessageAlarm");

        assertThat(alarm).containsEntry("Namespace", "AWS/SQS").containsEntry("MetricName", "ApproximateAgeOfOldestMessage")
                .containsEntry("Threshold", Map.of("Ref", "StepAgeAlarmSeconds"))
                .containsEntry("ComparisonOperator", "GreaterThanThreshold");
        assertThat(dimensions(alarm)).isEqualTo(Map.of("QueueName", Map.of("Fn::GetAtt", List.of("StepsQueue", "QueueName"))));
        assertThat(map(template.parameters().get("StepAgeAlarmSeconds"))).containsEntry("Default", 900);
    }

    @Test
    void readinessFailed_isTheHealthChecksMetric_andMissingDataPages() {
        Map<String, Object> alarm = properties("ReadinessFailedAlarm");

        assertThat(alarm).containsEntry("Namespace", MetricNames.NAMESPACE)
                .containsEntry("MetricName", MetricNames.READINESS_FAILED).containsEntry("Statistic", "Maximum")
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold").containsEntry("Threshold", 1)
                .containsEntry("TreatMissingData", "breaching");
        assertThat(dimensions(alarm)).isEqualTo(Map.of(MetricNames.SERVICE, "health"));
    }

    @Test
    void everyFunctionButTheHook_hasAnErrorRateOfTheVersionBehindItsAlias_andAThrottleAlarm() {
        for (String id : template.functions().keySet()) {
            if (id.equals(HOOK)) {
                continue;
            }
            String name = id.replace("Function", "");
            Map<String, Map<String, Object>> metrics = metricsById(properties(name + "ErrorRateAlarm"));
            assertThat(properties(name + "ErrorRateAlarm")).containsEntry("Threshold", Map.of("Ref", "ErrorRateAlarmPercent"));
            assertThat(String.valueOf(metrics.get("rate").get("Expression"))).contains("FILL(errors, 0) / invocations");
            for (String metricId : List.of("errors", "invocations")) {
                Map<String, Object> metric = map(map(metrics.get(metricId).get("MetricStat")).get("Metric"));
                assertThat(metric).as(id).containsEntry("Namespace", "AWS/Lambda")
                        .containsEntry("MetricName", metricId.equals("errors") ? "Errors" : "Invocations");
                assertThat(dimensions(metric)).as(id).isEqualTo(Map.of(
                        "FunctionName", Map.of("Ref", id),
                        "Resource", Map.of("Fn::Sub", "${" + id + "}:live"),
                        "ExecutedVersion", Map.of("Fn::GetAtt", List.of(id, "Version.Version"))));
            }
            Map<String, Object> throttles = properties(name + "ThrottlesAlarm");
            assertThat(throttles).containsEntry("Namespace", "AWS/Lambda").containsEntry("MetricName", "Throttles");
            assertThat(dimensions(throttles)).isEqualTo(Map.of("FunctionName", Map.of("Ref", id)));
        }
    }

    @Test
    void dashboardBody_isJsonOnceSubstituted_showingEveryAlarmAndHookrunsMetrics() throws Exception {
        Object body = map(properties("Dashboard")).get("DashboardBody");
        String json = String.valueOf(resolver(Map.of()).resolve(body));

        @SuppressWarnings("unchecked")
        Map<String, Object> dashboard = JsonMapper.createDefault().readValue(json, Map.class);
        List<Map<String, Object>> widgets = list(dashboard.get("widgets"));
        @SuppressWarnings("unchecked")
        List<Object> alarmArns = (List<Object>) map(widgets.stream().filter(w -> "alarm".equals(w.get("type"))).findFirst()
                .orElseThrow().get("properties")).get("alarms");
        assertThat(alarmArns).containsExactlyInAnyOrderElementsOf(alarms().stream().map(id -> id + ".Arn").toList());
        for (String metric : List.of(MetricNames.EVENTS_RECEIVED, MetricNames.EVENTS_ACCEPTED, MetricNames.EVENTS_REFUSED,
                MetricNames.INGEST_LATENCY, MetricNames.STATES_SUCCEEDED, MetricNames.STATES_FAILED,
                MetricNames.STATES_RETRIED, MetricNames.STATE_DURATION, MetricNames.RUN_DURATION,
                MetricNames.DEAD_LETTER_DEPTH, MetricNames.COLD_START, MetricNames.READINESS_FAILED)) {
            assertThat(metricNames(widgets)).as(metric).contains(metric);
        }
        assertThat(json).contains("\"p99\"").doesNotContain("${");
    }

    @Test
    void codeSigning_appliesToEveryFunction_onlyWhenAConfigIsGiven() {
        Map<String, Object> globals = map(map(template.root().get("Globals")).get("Function"));
        Object signing = globals.get("CodeSigningConfigArn");

        assertThat(map(template.parameters().get("CodeSigningConfigArn"))).containsEntry("Default", "");
        assertThat(resolver(Map.of()).resolve(Map.of("CodeSigningConfigArn", signing))).isEqualTo(Map.of());
        String arn = "arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0";
        assertThat(resolver(Map.of("CodeSigningConfigArn", arn)).resolve(Map.of("CodeSigningConfigArn", signing)))
                .isEqualTo(Map.of("CodeSigningConfigArn", arn));
        template.functions().keySet().forEach(id ->
                assertThat(properties(id)).as(id).doesNotContainKey("CodeSigningConfigArn"));
    }

    /** The metric names the widgets plot: a metric row's second item, or the MetricName a SEARCH expression names. */
    private static Set<String> metricNames(List<Map<String, Object>> widgets) {
        Set<String> names = new java.util.HashSet<>();
        java.util.regex.Pattern searched = java.util.regex.Pattern.compile("MetricName=\"([^\"]+)\"");
        for (Map<String, Object> widget : widgets) {
            for (Object row : map(widget.get("properties")).get("metrics") instanceof List<?> rows ? rows : List.of()) {
                List<?> items = (List<?>) row;
                if (items.getFirst() instanceof Map<?, ?> expression) {
                    java.util.regex.Matcher m = searched.matcher(String.valueOf(expression.get("expression")));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                } else {
                    names.add(String.valueOf(items.get(1)));
                }
            }
        }
        return names;
    }

    private static Intrinsics resolver(Map<String, Object> overrides) {
        Map<String, Object> parameters = new HashMap<>();
        template.parameterList().forEach(p -> parameters.put(p.name(), p.defaultValue() == null ? "value-of-" + p.name()
                : p.defaultValue()));
        parameters.putAll(overrides);
        Map<String, Object> resources = template.resources();
        Set<String> generated = template.samGeneratedReferences();
        return new Intrinsics(parameters, id -> resources.containsKey(id) || generated.contains(id) ? id : null,
                (id, attribute) -> resources.containsKey(id) ? id + "." + attribute : null, template.conditions());
    }

    private static List<String> alarms() {
        List<String> ids = new ArrayList<>();
        template.resources().forEach((id, r) -> {
            if ("AWS::CloudWatch::Alarm".equals(map(r).get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    private static Map<String, Object> properties(String id) {
        return map(map(template.resources().get(id)).get("Properties"));
    }

    private static Map<String, Object> deploymentPreference(String functionId) {
        return map(properties(functionId).get("DeploymentPreference"));
    }

    private static Map<String, Map<String, Object>> metricsById(Map<String, Object> alarm) {
        Map<String, Map<String, Object>> byId = new HashMap<>();
        list(alarm.get("Metrics")).forEach(m -> byId.put(String.valueOf(m.get("Id")), m));
        return byId;
    }

    private static Map<String, Object> dimensions(Map<String, Object> metric) {
        Map<String, Object> byName = new LinkedHashMap<>();
        list(metric.get("Dimensions")).forEach(d -> byName.put(String.valueOf(d.get("Name")), d.get("Value")));
        return byName;
    }
}

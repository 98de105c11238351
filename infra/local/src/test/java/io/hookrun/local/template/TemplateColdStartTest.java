package io.hookrun.local.template;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.hookrun.local.template.SamTemplate.list;
import static io.hookrun.local.template.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template's part of issue 10's cold start and scaling (h-coldstart): SnapStart on every published version, and
 * the steps queue's event source scaled by exactly one of a concurrency cap or provisioned pollers, both parameters.
 * The SAM transform and the CloudFormation schema of the resulting event source mapping are checked by
 * {@link TemplateCfnLintIT}.
 */
class TemplateColdStartTest {

    private static SamTemplate template;

    @BeforeAll
    static void read() throws Exception {
        template = SamTemplate.read(Path.of("../../template.yaml"));
    }

    @Test
    void everyFunctionIsPublishedWithSnapStart() {
        Map<String, Object> globals = map(map(template.root().get("Globals")).get("Function"));

        assertThat(globals).containsEntry("AutoPublishAlias", "live")
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
        template.functions().keySet().forEach(id -> assertThat(properties(id)).as(id)
                .doesNotContainKeys("SnapStart", "AutoPublishAlias"));
    }

    @Test
    void everySqsEventSource_isCappedOrProvisioned_byParameters() {
        List<String> sqsEvents = new ArrayList<>();
        template.functions().keySet().forEach(id -> map(properties(id).get("Events")).forEach((name, event) -> {
            if ("SQS".equals(map(event).get("Type"))) {
                sqsEvents.add(id + "." + name);
                Map<String, Object> sqs = map(map(event).get("Properties"));
                assertThat(sqs.get("ScalingConfig")).as(id + "." + name).isEqualTo(Map.of("Fn::If", List.of(
                        "StepsConcurrencyCapped", Map.of("MaximumConcurrency", Map.of("Ref", "StepsMaximumConcurrency")),
                        Map.of("Ref", "AWS::NoValue"))));
                assertThat(sqs.get("ProvisionedPollerConfig")).as(id + "." + name).isEqualTo(Map.of("Fn::If", List.of(
                        "StepsProvisionedPollers", Map.of("MinimumPollers", Map.of("Ref", "StepsMinimumPollers"),
                                "MaximumPollers", Map.of("Ref", "StepsMaximumPollers")),
                        Map.of("Ref", "AWS::NoValue"))));
            }
        }));
        assertThat(sqsEvents).contains("WorkflowStepFunction.Steps");
    }

    @Test
    void theScalingParameters_haveLambdasBounds_andZeroMeansOff() {
        assertThat(map(template.parameters().get("StepsMaximumConcurrency")))
                .containsEntry("Type", "Number").containsEntry("Default", 20)
                .containsEntry("MinValue", 0).containsEntry("MaxValue", 1000);
        assertThat(map(template.parameters().get("StepsMinimumPollers")))
                .containsEntry("Default", 0).containsEntry("MinValue", 0).containsEntry("MaxValue", 200);
        assertThat(map(template.parameters().get("StepsMaximumPollers")))
                .containsEntry("Default", 200).containsEntry("MinValue", 2).containsEntry("MaxValue", 2000);
        assertThat(template.conditions()).containsEntry("StepsConcurrencyCapped",
                        Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "StepsMaximumConcurrency"), "0")))))
                .containsEntry("StepsProvisionedPollers",
                        Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "StepsMinimumPollers"), "0")))));
    }

    /** AWS makes the modes exclusive, and refuses 1 for either: the rules fail such a deploy before it starts. */
    @Test
    void theRules_refuseBothModesAtOnce_andTheValueOne() {
        List<Map<String, Object>> assertions = list(map(map(template.root().get("Rules"))
                .get("StepsScalingIsOneMode")).get("Assertions"));

        assertThat(assertions).extracting(a -> a.get("Assert")).containsExactly(
                Map.of("Fn::Or", List.of(
                        Map.of("Fn::Equals", List.of(Map.of("Ref", "StepsMaximumConcurrency"), "0")),
                        Map.of("Fn::Equals", List.of(Map.of("Ref", "StepsMinimumPollers"), "0")))),
                Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "StepsMaximumConcurrency"), "1")))),
                Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "StepsMinimumPollers"), "1")))));
        assertThat(assertions).allSatisfy(a -> assertThat(a.get("AssertDescription")).isNotNull());
    }

    private static Map<String, Object> properties(String functionId) {
        return map(map(template.resources().get(functionId)).get("Properties"));
    }
}

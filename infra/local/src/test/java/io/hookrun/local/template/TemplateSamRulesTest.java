package io.hookrun.local.template;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * template.yaml satisfies the SAM rules it relies on ({@link SamRules}), and each rule refuses the real template with
 * one mistake in it: the checks hold even where cfn-lint is not installed, and none of them passes vacuously.
 */
class TemplateSamRulesTest {

    private static final Path TEMPLATE = Path.of("../../template.yaml");
    private static String text;

    @TempDir
    Path dir;

    @BeforeAll
    static void read() throws IOException {
        text = Files.readString(TEMPLATE);
    }

    @Test
    void templateYaml_satisfiesEveryRule() throws IOException {
        assertThat(SamRules.violations(SamTemplate.read(TEMPLATE))).isEmpty();
    }

    /** The mistake that made {@code sam deploy} fail: AWS_IAM on a route of an API that does not enable it. */
    @Test
    void iamRoute_onAnApiWithoutTheIamAuthorizer_isRefused() throws IOException {
        List<String> violations = violationsOf(text.replace("      Auth:\n        EnableIamAuthorizer: true\n", ""));

        assertThat(violations).singleElement().asString()
                .contains("AdminFunction event Admin", "AWS_IAM", "HttpApi", "EnableIamAuthorizer: true");
    }

    @Test
    void iamAuthorizerEnabledInGlobals_isEnough() throws IOException {
        String moved = replaceOnce(text, "      Auth:\n        EnableIamAuthorizer: true\n", "");

        assertThat(violationsOf(replaceOnce(moved, "Globals:\n",
                "Globals:\n  HttpApi:\n    Auth:\n      EnableIamAuthorizer: true\n"))).isEmpty();
    }

    @Test
    void authorizerTheApiDoesNotDefine_isRefused() throws IOException {
        assertThat(violationsOf(text.replace("Authorizer: AWS_IAM", "Authorizer: AdminJwt"))).singleElement().asString()
                .contains("AdminFunction event Admin", "AdminJwt", "Auth.Authorizers");
    }

    @Test
    void apiIdThatIsNotAnHttpApiOfTheTemplate_isRefused() throws IOException {
        String mistake = replaceOnce(text, "            ApiId: !Ref HttpApi\n            Method: POST",
                "            ApiId: !Ref StepsQueue\n            Method: POST");

        assertThat(violationsOf(mistake)).singleElement().asString().contains("WebhookFunction event Hook", "ApiId");
    }

    @Test
    void sameMethodAndPathTwiceOnOneApi_isRefused() throws IOException {
        assertThat(violationsOf(text.replace("Path: /health/readiness", "Path: /health/liveness"))).singleElement().asString()
                .contains("HealthFunction event Readiness", "GET /health/liveness", "HealthFunction event Liveness");
    }

    @Test
    void sqsEventWithoutReportBatchItemFailures_isRefused() throws IOException {
        assertThat(violationsOf(text.replace("            FunctionResponseTypes: [ReportBatchItemFailures]\n", "")))
                .singleElement().asString().contains("WorkflowStepFunction event Steps", "ReportBatchItemFailures");
    }

    @Test
    void visibilityTimeoutOneSecondUnderSixConsumerTimeouts_isRefused() throws IOException {
        assertThat(violationsOf(text.replace("VisibilityTimeout: 720", "VisibilityTimeout: 719"))).singleElement().asString()
                .contains("StepsQueue VisibilityTimeout 719", "WorkflowStepFunction's Timeout (120 s)", "at least 720");
    }

    @Test
    void batchOfMoreThanTenWithoutABatchingWindow_isRefused() throws IOException {
        assertThat(violationsOf(text.replace("BatchSize: 10\n", "BatchSize: 11\n"))).singleElement().asString()
                .contains("WorkflowStepFunction event Steps", "BatchSize 11", "MaximumBatchingWindowInSeconds");
        assertThat(violationsOf(text.replace("BatchSize: 10\n", "BatchSize: 11\n            MaximumBatchingWindowInSeconds: 1\n")))
                .isEmpty();
    }

    @Test
    void sqsEventReadingSomethingOtherThanAQueueOfTheTemplate_isRefused() throws IOException {
        assertThat(violationsOf(text.replace("Queue: !GetAtt StepsQueue.Arn", "Queue: !GetAtt HookrunTable.Arn")))
                .singleElement().asString().contains("WorkflowStepFunction event Steps", "HookrunTable");
    }

    private List<String> violationsOf(String yaml) throws IOException {
        assertThat(yaml).as("the mistake must change the template").isNotEqualTo(text);
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, yaml);
        return SamRules.violations(SamTemplate.read(file));
    }

    private static String replaceOnce(String in, String from, String to) {
        assertThat(in.split(java.util.regex.Pattern.quote(from), -1)).as("occurrences of %s", from).hasSize(2);
        return in.replace(from, to);
    }
}

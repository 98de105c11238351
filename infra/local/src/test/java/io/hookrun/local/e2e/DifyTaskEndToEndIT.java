package io.hookrun.local.e2e;

import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.hookrun.testsupport.FakeDify;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Dify workflow as a Task, end to end through the local stack: a signed webhook starts a run whose Task calls a
 * fake Dify on loopback ({@link FakeDify}, answering as Dify's API documents) with the key of a connection from
 * {@code connections.json}; Dify's first answer is a 429, the declared Retry on {@code Dify.RateLimited} runs the
 * Task again through the queue, and the run succeeds with Dify's {@code workflow_run_id}.
 */
@SuppressWarnings("unchecked")
class DifyTaskEndToEndIT {

    private static final String KEY = "app-E2eDifyKey0123456789";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private static FakeDify dify;
    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        dify = FakeDify.started().app(KEY, FakeDify.App.WORKFLOW);
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken("e2e-token"));
        // What ./hookrun local reads as .hookrun/connections.json: an EventBridge-shaped API_KEY connection.
        Files.writeString(cloud.secretsKeyFile().resolveSibling(LocalCloud.CONNECTIONS_FILE), """
                {"dify-e2e": {"authorizationType": "API_KEY",
                              "apiKeyAuthParameters": {"apiKeyName": "Authorization", "apiKeyValue": "Bearer %s"},
                              "baseUrl": "%s"}}""".formatted(KEY, dify.baseUrl()));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
        if (dify != null) {
            dify.close();
        }
    }

    @Test
    void aDifyWorkflowTask_rateLimitedOnce_isRetriedAsDeclared_andTheRunSucceedsWithTheWorkflowRunId() throws Exception {
        dify.enqueue(FakeDify.rateLimited("1"));
        HookrunClient client = new HookrunClient(cloud.httpApi(), cloud.adminToken());
        String workflow = EndToEndSuite.unique("wf");
        String trigger = EndToEndSuite.unique("tr");
        client.createWorkflowAndTrigger(workflow, trigger, """
                {"QueryLanguage": "JSONata", "StartAt": "Summarise", "States": {
                  "Summarise": {"Type": "Task", "Resource": "arn:hookrun:::dify:runWorkflow",
                    "Arguments": {"Connection": "dify-e2e", "User": "{% $states.input.data.customer %}",
                                  "Inputs": {"text": "{% $states.input.data.text %}"}},
                    "Retry": [{"ErrorEquals": ["Dify.RateLimited"], "IntervalSeconds": 1, "MaxAttempts": 2}],
                    "Output": {"runId": "{% $states.result.WorkflowRunId %}", "status": "{% $states.result.Status %}",
                               "outputs": "{% $states.result.Outputs %}", "tokens": "{% $states.result.TotalTokens %}"},
                    "End": true}}}""");

        HttpResponse<String> accepted = client.send(HookrunClient.Delivery.signed(trigger, EndToEndSuite.unique("msg"),
                "{\"customer\": \"c-17\", \"text\": \"hello dify\"}"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        Map<String, Object> run = client.awaitFinished((String) HookrunClient.json(accepted.body()).get("runId"), RUN_TIMEOUT);

        assertThat(run.get("status")).as(String.valueOf(run.get("error"))).isEqualTo("SUCCEEDED");
        assertThat(run.get("output")).isEqualTo(Map.of("runId", FakeDify.workflowRunId(2), "status", "succeeded",
                "outputs", Map.of("echo", Map.of("text", "hello dify")), "tokens", 150));
        List<FakeDify.Request> calls = dify.requests();
        assertThat(calls).hasSize(2);
        assertThat(calls).extracting(r -> r.header("Authorization")).containsOnly("Bearer " + KEY);
        assertThat(calls).extracting(r -> r.header("Hookrun-Attempt")).containsExactly("1", "2");
        assertThat(calls.stream().map(r -> r.header("Idempotency-Key")).distinct()).hasSize(1).doesNotContainNull();
        assertThat(calls.getFirst().json()).isEqualTo(Map.of("inputs", Map.of("text", "hello dify"),
                "response_mode", "blocking", "user", "c-17"));
    }
}

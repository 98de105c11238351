package io.hookrun.local.e2e;

import com.sun.net.httpserver.HttpServer;
import io.hookrun.local.cloud.LocalCloud;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Step Functions semantics end to end through the local stack: Map, Parallel with Catch, Wait, Retry through SQS and
 * variables, each started by a signed webhook and run by the real workflow-step function over SQS and PostgreSQL.
 * Subclasses say how often each SQS batch is delivered: the results must not depend on it.
 */
@SuppressWarnings("unchecked")
abstract class WorkflowSuite {

    static final Duration RUN_TIMEOUT = Duration.ofSeconds(240);

    abstract LocalCloud cloud();

    HookrunClient client() {
        return new HookrunClient(cloud().httpApi(), cloud().adminToken());
    }

    /** Creates the workflow and a trigger on it, sends one signed webhook with {@code body}, and waits for the run. */
    Map<String, Object> runToEnd(String definition, String body) throws Exception {
        HookrunClient client = client();
        String workflow = EndToEndSuite.unique("wf");
        String trigger = EndToEndSuite.unique("tr");
        client.createWorkflowAndTrigger(workflow, trigger, definition);
        HttpResponse<String> accepted = client.send(HookrunClient.Delivery.signed(trigger, EndToEndSuite.unique("msg"), body));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = (String) HookrunClient.json(accepted.body()).get("runId");
        Map<String, Object> run = client.awaitFinished(runId, RUN_TIMEOUT);
        assertThat(run.get("status")).as("run %s: %s", runId, run.get("error")).isIn("SUCCEEDED", "FAILED");
        return run;
    }

    @Test
    void mapOfAThousandItems_withMaxConcurrencyTen_keepsTheResultsInOrder() throws Exception {
        String items = IntStream.rangeClosed(1, 1000).mapToObj(Integer::toString).reduce((a, b) -> a + "," + b).orElseThrow();
        Map<String, Object> run = runToEnd("""
                {"QueryLanguage": "JSONata", "StartAt": "Double", "States": {
                  "Double": {"Type": "Map", "Items": "{% $states.input.data.items %}", "MaxConcurrency": 10,
                    "ItemProcessor": {"StartAt": "Times2", "States": {
                      "Times2": {"Type": "Pass", "Output": "{% $states.input * 2 %}", "End": true}}},
                    "End": true}}}""", "{\"items\": [" + items + "]}");

        assertThat(run.get("status")).as(String.valueOf(run.get("error"))).isEqualTo("SUCCEEDED");
        assertThat((List<Object>) run.get("output")).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 1000).mapToObj(i -> (Object) (i * 2)).toList());
    }

    @Test
    void parallelWithAFailingBranch_isCaught_andTheCatchSeesTheBranchError() throws Exception {
        Map<String, Object> run = runToEnd("""
                {"QueryLanguage": "JSONata", "StartAt": "Both", "States": {
                  "Both": {"Type": "Parallel", "Branches": [
                      {"StartAt": "Fine", "States": {"Fine": {"Type": "Pass", "Output": "fine", "End": true}}},
                      {"StartAt": "Broken", "States": {"Broken": {"Type": "Fail", "Error": "Order.Invalid", "Cause": "no lines"}}}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled",
                               "Assign": {"failure": "{% $states.errorOutput.Error %}"}}],
                    "Next": "Unreachable"},
                  "Unreachable": {"Type": "Succeed", "Output": "should not get here"},
                  "Handled": {"Type": "Succeed", "Output": {"caught": "{% $states.input %}", "variable": "{% $failure %}"}}}}""",
                "{}");

        assertThat(run.get("status")).as(String.valueOf(run.get("error"))).isEqualTo("SUCCEEDED");
        assertThat(run.get("output")).isEqualTo(Map.of(
                "caught", Map.of("Error", "Order.Invalid", "Cause", "no lines"), "variable", "Order.Invalid"));
    }

    @Test
    void waitOfTwoSeconds_resumesTheRun_withItsVariables() throws Exception {
        Map<String, Object> run = runToEnd("""
                {"QueryLanguage": "JSONata", "StartAt": "Mark", "States": {
                  "Mark": {"Type": "Pass", "Assign": {"startedMs": "{% $millis() %}", "order": "{% $states.input.data.order %}"},
                    "Next": "Pause"},
                  "Pause": {"Type": "Wait", "Seconds": 2, "Next": "Done"},
                  "Done": {"Type": "Succeed", "Output": {"waitedMs": "{% $millis() - $startedMs %}", "order": "{% $order %}"}}}}""",
                "{\"order\": \"o-7\"}");

        assertThat(run.get("status")).as(String.valueOf(run.get("error"))).isEqualTo("SUCCEEDED");
        Map<String, Object> output = (Map<String, Object>) run.get("output");
        assertThat(output).containsEntry("order", "o-7");
        assertThat(((Number) output.get("waitedMs")).longValue()).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void retryOfAFailingCall_waitsThroughTheQueue_andSendsOneRequestPerAttemptWithOneIdempotencyKey() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> keys = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/flaky", exchange -> {
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            boolean fail = calls.incrementAndGet() <= 2;
            byte[] body = (fail ? "{\"error\":\"busy\"}" : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Map<String, Object> run = runToEnd("""
                    {"QueryLanguage": "JSONata", "StartAt": "Call", "States": {
                      "Call": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                        "Arguments": {"ApiEndpoint": "http://127.0.0.1:%d/flaky", "Method": "POST", "RequestBody": {"n": 1}},
                        "Retry": [{"ErrorEquals": ["States.Http.StatusCode.503"], "IntervalSeconds": 1, "BackoffRate": 1,
                                   "MaxAttempts": 3}],
                        "Output": {"body": "{%% $states.result.ResponseBody %%}", "retries": "{%% $states.context.State.RetryCount %%}"},
                        "End": true}}}""".formatted(server.getAddress().getPort()), "{}");

            assertThat(run.get("status")).as(String.valueOf(run.get("error"))).isEqualTo("SUCCEEDED");
            assertThat(run.get("output")).isEqualTo(Map.of("body", Map.of("ok", true), "retries", 2));
            assertThat(calls.get()).isEqualTo(3);
            assertThat(keys).hasSize(3).doesNotContainNull();
            assertThat(keys.stream().distinct()).hasSize(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void retriesExhausted_failTheRun_withTheStepFunctionsErrorName() throws Exception {
        Map<String, Object> run = runToEnd("""
                {"QueryLanguage": "JSONata", "StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                    "Arguments": {"ApiEndpoint": "http://127.0.0.1:1/nothing-listens-here", "Method": "GET"},
                    "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 1}],
                    "End": true}}}""", "{}");

        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat(((Map<String, Object>) run.get("error")).get("error")).isEqualTo("States.Http.Socket");
    }
}

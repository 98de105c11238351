package io.hookrun.local.e2e;

import com.sun.net.httpserver.HttpServer;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callbacks end to end on the local stack (ADR 0007): a workflow's {@code http:invoke.waitForTaskToken} Task posts
 * {@code $states.context.Task.Token} to a loopback server standing in for an approval system; the test, as that system,
 * answers on {@code POST /callbacks/{token}/...} without the admin token; the run resumes through the real admin and
 * workflow-step functions, SQS (ElasticMQ) and PostgreSQL.
 */
class CallbackEndToEndIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private static LocalCloud cloud;
    private static HttpServer approvals;
    /** Request bodies the approval server received, per path. */
    private static final Map<String, BlockingQueue<String>> RECEIVED = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        approvals = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        approvals.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            RECEIVED.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new LinkedBlockingQueue<>()).add(body);
            byte[] answer = "{\"queued\": true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        approvals.start();
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken("e2e-token"));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
        if (approvals != null) {
            approvals.stop(0);
        }
    }

    private HookrunClient client() {
        return new HookrunClient(cloud.httpApi(), cloud.adminToken());
    }

    /** A workflow whose first state asks the approval server at {@code path} and waits; returns the run id. */
    private String startRun(String path, String approveFields, String moreStates, String data) {
        String definition = """
                {"QueryLanguage": "JSONata", "StartAt": "Approve", "States": {
                  "Approve": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke.waitForTaskToken",
                    "Arguments": {"ApiEndpoint": "http://127.0.0.1:%d%s", "Method": "POST",
                      "RequestBody": {"taskToken": "{%% $states.context.Task.Token %%}", "order": "{%% $states.input.data %%}"}}
                    %s}%s}}""".formatted(approvals.getAddress().getPort(), path, approveFields, moreStates);
        HookrunClient client = client();
        String workflow = EndToEndSuite.unique("wf");
        String trigger = EndToEndSuite.unique("tr");
        client.createWorkflowAndTrigger(workflow, trigger, definition);
        HttpResponse<String> accepted = client.send(HookrunClient.Delivery.signed(trigger, EndToEndSuite.unique("msg"),
                data));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return (String) HookrunClient.json(accepted.body()).get("runId");
    }

    /** The token the approval server received at {@code path}. */
    private static String tokenReceived(String path) throws InterruptedException {
        String body = RECEIVED.computeIfAbsent(path, p -> new LinkedBlockingQueue<>()).poll(60, TimeUnit.SECONDS);
        assertThat(body).as("the Task's call to " + path).isNotNull();
        return (String) HookrunClient.json(body).get("taskToken");
    }

    /** A callback as a downstream system sends it: no admin token. */
    private HttpResponse<String> callback(String token, String action, String body) {
        try {
            return http.send(HttpRequest.newBuilder(cloud.httpApi().resolve(URI.create("/callbacks/" + token + "/" + action)))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSuccessCallbackResumesTheRunWithItsOutput_andASecondOneIs409() throws Exception {
        String runId = startRun("/approve/success", ", \"Output\": {\"decision\": \"{% $states.result %}\","
                + " \"order\": \"{% $states.input.data.orderId %}\"}, \"End\": true", "", "{\"orderId\": \"o-1\"}");
        String token = tokenReceived("/approve/success");
        assertThat(token).startsWith("hrt1.");
        assertThat(client().run(runId).get("status")).isEqualTo("RUNNING");

        HttpResponse<String> answered = callback(token, "success", "{\"approved\": true}");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);

        Map<String, Object> run = client().awaitFinished(runId, RUN_TIMEOUT);
        assertThat(run.get("status")).as(String.valueOf(run.get("error"))).isEqualTo("SUCCEEDED");
        assertThat(run.get("output")).isEqualTo(Map.of("decision", Map.of("approved", true), "order", "o-1"));
        HttpResponse<String> again = callback(token, "success", "{\"approved\": false}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(again.body()).contains("https://hookrun.dev/problems/task-already-answered").doesNotContain(token);
    }

    @Test
    void aFailureCallbackTakesTheCatchPath() throws Exception {
        String runId = startRun("/approve/failure", ", \"Catch\": [{\"ErrorEquals\": [\"Rejected\"],"
                + " \"Output\": \"{% $states.errorOutput %}\", \"Next\": \"Rejected\"}], \"Next\": \"Approved\"",
                ", \"Approved\": {\"Type\": \"Succeed\"}, \"Rejected\": {\"Type\": \"Pass\", \"End\": true}", "{}");
        String token = tokenReceived("/approve/failure");

        HttpResponse<String> answered = callback(token, "failure", "{\"error\": \"Rejected\", \"cause\": \"over budget\"}");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);

        Map<String, Object> run = client().awaitFinished(runId, RUN_TIMEOUT);
        assertThat(run.get("status")).as(String.valueOf(run.get("error"))).isEqualTo("SUCCEEDED");
        assertThat(run.get("output")).isEqualTo(Map.of("Error", "Rejected", "Cause", "over budget"));
    }

    @Test
    void withoutACallbackATwoSecondTimeoutEndsTheRunStatesTimeout() throws Exception {
        String runId = startRun("/approve/timeout", ", \"TimeoutSeconds\": 2, \"End\": true", "", "{}");
        String token = tokenReceived("/approve/timeout");

        Map<String, Object> run = client().awaitFinished(runId, RUN_TIMEOUT);

        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat(String.valueOf(run.get("error"))).contains("States.Timeout");
        HttpResponse<String> late = callback(token, "success", "{}");
        assertThat(late.statusCode()).as(late.body()).isEqualTo(410);
    }

    @Test
    void aForgedTokenIs404_andTheAdminRoutesStillNeedTheAdminToken() {
        HttpResponse<String> forged = callback("hrt1.AAAA.BBBB", "success", "{}");
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.body()).contains("https://hookrun.dev/problems/unknown-task-token");

        HttpResponse<String> admin = client().get("/admin/runs");
        assertThat(admin.statusCode()).isIn(401, 403);
    }
}

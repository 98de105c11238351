package io.hookrun.local.e2e;

import io.hookrun.core.signature.StandardWebhooksScheme;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Talks to a running hookrun over HTTP, as a sender and an operator would: signed webhooks and admin calls. */
final class HookrunClient {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private final URI base;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HookrunClient(URI base, String adminToken) {
        this.base = base;
        this.adminToken = adminToken;
    }

    /** A delivery as a sender signs it. */
    record Delivery(String triggerId, String id, String timestamp, String body, String signature) {
        static Delivery signed(String triggerId, String id, String body) {
            String ts = Long.toString(Instant.now().getEpochSecond());
            return new Delivery(triggerId, id, ts, body,
                    StandardWebhooksScheme.sign(SECRET, id, ts, body.getBytes(StandardCharsets.UTF_8)));
        }

        Delivery withSignature(String signature) {
            return new Delivery(triggerId, id, timestamp, body, signature);
        }
    }

    HttpResponse<String> send(Delivery d) {
        return call(HttpRequest.newBuilder(base.resolve("/hooks/" + d.triggerId()))
                .header("content-type", "application/json")
                .header("webhook-id", d.id()).header("webhook-timestamp", d.timestamp())
                .header("webhook-signature", d.signature())
                .POST(HttpRequest.BodyPublishers.ofString(d.body())).build());
    }

    HttpResponse<String> admin(String method, String path, String body) {
        return call(HttpRequest.newBuilder(base.resolve(path))
                .header("authorization", "Bearer " + adminToken)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> get(String path) {
        return call(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    /** Creates the demo workflow (HTTP call to the liveness probe, Choice, two Succeed ends) and a trigger on it. */
    void createWorkflowAndTrigger(String workflowId, String triggerId) {
        String workflow = """
                {"QueryLanguage": "JSONata", "StartAt": "CheckUpstream", "States": {
                  "CheckUpstream": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                    "Arguments": {"ApiEndpoint": "%s/health/liveness", "Method": "GET"},
                    "Output": {"order": "{%% $states.input.data %%}", "upstream": "{%% $states.result.ResponseBody.status %%}"},
                    "Next": "IsLarge"},
                  "IsLarge": {"Type": "Choice", "Choices": [{"Condition": "{%% $states.input.order.amount > 100 %%}", "Next": "Review"}],
                    "Default": "Done"},
                  "Review": {"Type": "Succeed", "Output": {"decision": "review", "orderId": "{%% $states.input.order.orderId %%}"}},
                  "Done": {"Type": "Succeed", "Output": {"decision": "auto-approve", "orderId": "{%% $states.input.order.orderId %%}"}}
                }}""".formatted(base);
        createWorkflowAndTrigger(workflowId, triggerId, workflow);
    }

    /** Creates workflow {@code workflowId} with {@code definition} and a Standard Webhooks trigger on it. */
    void createWorkflowAndTrigger(String workflowId, String triggerId, String definition) {
        expectSaved(admin("PUT", "/admin/workflows/" + workflowId, definition));
        expect(admin("PUT", "/admin/triggers/" + triggerId, """
                {"workflowId": "%s", "signature": {"scheme": "standard-webhooks", "secrets": ["%s"]}}"""
                .formatted(workflowId, SECRET)), 200);
    }

    Map<String, Object> run(String runId) {
        HttpResponse<String> response = admin("GET", "/admin/runs/" + runId, null);
        return response.statusCode() == 200 ? json(response.body()) : Map.of("status", "HTTP " + response.statusCode());
    }

    /** The trigger's newest 100 runs (the first page of {@code GET /admin/runs}: {@code {"items": [...]}}). */
    @SuppressWarnings("unchecked")
    List<Object> runs(String triggerId) {
        return (List<Object>) json(expect(admin("GET", "/admin/runs?limit=100&triggerId=" + triggerId, null), 200).body())
                .get("items");
    }

    /** Polls the run until it is SUCCEEDED or FAILED, or the deadline passes; returns the last view. */
    Map<String, Object> awaitFinished(String runId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Object> run = run(runId);
        while (!List.of("SUCCEEDED", "FAILED").contains(run.get("status")) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            run = run(runId);
        }
        return run;
    }

    /** A workflow PUT: 201 for its first version, 200 for a later one (ADR 0009). */
    static HttpResponse<String> expectSaved(HttpResponse<String> response) {
        return expect(response, response.statusCode() == 200 ? 200 : 201);
    }

    static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + " but got " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    static Map<String, Object> json(String text) {
        try {
            return JSON.readValue(text.getBytes(StandardCharsets.UTF_8), Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(text, e);
        }
    }

    static List<Object> list(String text) {
        try {
            return JSON.readValue(text.getBytes(StandardCharsets.UTF_8), Argument.listOf(Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(text, e);
        }
    }

    private HttpResponse<String> call(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

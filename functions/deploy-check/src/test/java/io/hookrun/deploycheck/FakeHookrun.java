package io.hookrun.deploycheck;

import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.SignatureVerificationException;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.signature.WebhookRequest;
import io.micronaut.json.JsonMapper;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Lambda client whose two functions are fakes of hookrun's admin and webhook versions. The webhook verifies the
 * signature with hookrun's real Standard Webhooks verifier against the secret the admin was given, so a check that
 * signs wrong gets a real 401. Runs answer from a script ({@link #runAnswers}); the last answer repeats.
 */
final class FakeHookrun implements LambdaClient {

    static final String WEBHOOK = "arn:aws:lambda:us-east-1:123456789012:function:hookrun-WebhookFunction:7";
    static final String ADMIN = "arn:aws:lambda:us-east-1:123456789012:function:hookrun-AdminFunction:4";
    static final String RUN_ID = "0193c0de-run";

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private final Clock clock;
    final Map<String, String> workflows = new HashMap<>();
    final Map<String, List<String>> triggerSecrets = new HashMap<>();
    final List<Map<String, Object>> webhookEvents = new ArrayList<>();
    final List<String> invoked = new ArrayList<>();
    /** Answers of GET /admin/runs/{id}, in order; an entry is "404" or a run status, FAILED carrying an error. */
    final Deque<String> runAnswers = new ArrayDeque<>(List.of("404", "RUNNING", "SUCCEEDED"));
    int runReads;
    /** When set, the admin stores this instead of the secret it is given: the check signs with a secret nobody knows. */
    String secretTheAdminKeeps;
    /** This many first deliveries get 401, as from a warm instance whose cached trigger has the previous secret. */
    int staleWebhookAnswers;
    /** When set, every Invoke fails as the SDK does when Lambda cannot be reached. */
    boolean unreachable;
    /** When set, the webhook version fails as an unhandled exception does (X-Amz-Function-Error: Unhandled). */
    boolean webhookCrashes;

    FakeHookrun(Clock clock) {
        this.clock = clock;
    }

    @Override
    public InvokeResponse invoke(InvokeRequest request) {
        invoked.add(request.functionName());
        if (unreachable) {
            throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
        }
        Map<String, Object> event = read(request.payload().asByteArray());
        return switch (request.functionName()) {
            case WEBHOOK -> webhook(event);
            case ADMIN -> admin(event);
            default -> throw new AssertionError("invoked an unexpected function " + request.functionName());
        };
    }

    @SuppressWarnings("unchecked")
    private InvokeResponse webhook(Map<String, Object> event) {
        webhookEvents.add(event);
        if (webhookCrashes) {
            return InvokeResponse.builder().statusCode(200).functionError("Unhandled")
                    .payload(bytes(Map.of("errorType", "java.lang.NullPointerException", "errorMessage", "boom"))).build();
        }
        Map<String, String> headers = (Map<String, String>) event.get("headers");
        String triggerId = ((Map<String, String>) event.get("pathParameters")).get("triggerId");
        List<String> secrets = triggerSecrets.get(triggerId);
        if (staleWebhookAnswers > 0) {
            staleWebhookAnswers--;
            return http(401, Map.of("type", "https://hookrun.dev/problems/invalid-signature"));
        }
        if (secrets == null) {
            return http(404, Map.of("type", "https://hookrun.dev/problems/unknown-trigger"));
        }
        try {
            new StandardWebhooksScheme().verify(new WebhookRequest(headers,
                            String.valueOf(event.get("body")).getBytes(StandardCharsets.UTF_8)),
                    SignatureSettings.of("standard-webhooks"), secrets, clock.instant());
        } catch (SignatureVerificationException e) {
            return http(401, Map.of("type", "https://hookrun.dev/problems/invalid-signature"));
        }
        return http(202, Map.of("eventId", headers.get("webhook-id"), "runId", RUN_ID, "status", "QUEUED"));
    }

    @SuppressWarnings("unchecked")
    private InvokeResponse admin(Map<String, Object> event) {
        String method = (String) ((Map<String, Object>) ((Map<String, Object>) event.get("requestContext")).get("http")).get("method");
        String proxy = ((Map<String, String>) event.get("pathParameters")).get("proxy");
        String[] path = proxy.split("/");
        if (method.equals("PUT") && path[0].equals("workflows")) {
            workflows.put(path[1], String.valueOf(event.get("body")));
            return http(201, Map.of("workflowId", path[1]));
        }
        if (method.equals("PUT") && path[0].equals("triggers")) {
            Map<String, Object> body = read(String.valueOf(event.get("body")).getBytes(StandardCharsets.UTF_8));
            List<String> secrets = (List<String>) ((Map<String, Object>) body.get("signature")).get("secrets");
            triggerSecrets.put(path[1], secretTheAdminKeeps == null ? secrets : List.of(secretTheAdminKeeps));
            return http(200, Map.of("triggerId", path[1]));
        }
        if (method.equals("GET") && path[0].equals("runs") && path[1].equals(RUN_ID)) {
            runReads++;
            String answer = runAnswers.size() > 1 ? runAnswers.poll() : runAnswers.peek();
            if (answer.equals("404")) {
                return http(404, Map.of("type", "https://hookrun.dev/problems/not-found"));
            }
            Map<String, Object> run = new LinkedHashMap<>(Map.of("runId", RUN_ID, "status", answer));
            if (answer.equals("FAILED")) {
                run.put("error", Map.of("error", "States.Runtime", "cause", "a cause that may quote data"));
            }
            return http(200, run);
        }
        return http(404, Map.of("type", "https://hookrun.dev/problems/not-found"));
    }

    private static InvokeResponse http(int status, Object body) {
        Map<String, Object> response = Map.of("statusCode", status,
                "headers", Map.of("content-type", status / 100 == 2 ? "application/json" : "application/problem+json"),
                "body", new String(bytes(body).asByteArray(), StandardCharsets.UTF_8), "isBase64Encoded", false);
        return InvokeResponse.builder().statusCode(200).payload(bytes(response)).build();
    }

    private static SdkBytes bytes(Object value) {
        try {
            return SdkBytes.fromByteArray(JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(byte[] json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String serviceName() {
        return "lambda";
    }

    @Override
    public void close() {
    }
}

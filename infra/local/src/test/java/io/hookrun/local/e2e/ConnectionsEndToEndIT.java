package io.hookrun.local.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections end to end on the local stack: {@code .hookrun/connections.json} (here a temporary directory's
 * {@code connections.json}, beside the secrets key, as {@code ./hookrun local} has it) names an API key and an OAuth
 * client-credentials connection; a workflow started by a signed webhook calls a loopback server with them through
 * the real workflow-step function. The server sees the credentials; the run history, read back through the admin
 * API, holds none of them, even for a call the server refuses.
 */
@SuppressWarnings("unchecked")
class ConnectionsEndToEndIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final String API_KEY = "sk_live_E2E_APIKEY_77777";
    private static final String CLIENT_SECRET = "cs_E2E_CLIENTSECRET_88888";
    private static final String TOKEN = "at_E2E_ACCESSTOKEN_99999";

    @TempDir
    static Path directory;

    private static LocalCloud cloud;
    private static HttpServer server;
    private static final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    private static final AtomicInteger tokenRequests = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            tokenRequests.incrementAndGet();
            String basic = Base64.getEncoder().encodeToString(("hookrun-client:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
            boolean ok = ("Basic " + basic).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).contains("grant_type=client_credentials");
            respond(exchange, ok ? 200 : 401, ok ? "{\"access_token\": \"" + TOKEN + "\", \"token_type\": \"Bearer\", \"expires_in\": 3600}"
                    : "{\"error\": \"invalid_client\"}");
        });
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(Map.of("path", exchange.getRequestURI().getRawPath(),
                    "x-api-key", String.valueOf(exchange.getRequestHeaders().getFirst("x-api-key")),
                    "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    "x-tenant", String.valueOf(exchange.getRequestHeaders().getFirst("X-Tenant")),
                    "content-type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                    "body", body));
            boolean refused = exchange.getRequestURI().getRawPath().equals("/refuse");
            respond(exchange, refused ? 403 : 200, "{\"received\": true}");
        });
        server.start();
        int port = server.getAddress().getPort();
        Files.writeString(directory.resolve(LocalCloud.CONNECTIONS_FILE), """
                {"orders-api": {"authorizationType": "API_KEY",
                                "apiKeyAuthParameters": {"apiKeyName": "x-api-key", "apiKeyValue": "%s"},
                                "invocationHttpParameters": {"headerParameters": [{"key": "X-Tenant", "value": "acme"}]}},
                 "crm": {"authorizationType": "OAUTH_CLIENT_CREDENTIALS",
                         "oAuthParameters": {"authorizationEndpoint": "http://127.0.0.1:%d/token", "httpMethod": "POST",
                                             "clientParameters": {"clientID": "hookrun-client", "clientSecret": "%s"}}}}"""
                .formatted(API_KEY, port, CLIENT_SECRET));
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken("e2e-token")
                .withSecretsKeyFile(directory.resolve("secrets.key")));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Runs {@code definition} from a signed webhook; returns the run's full admin view as text. */
    private static String runToEnd(String definition) throws Exception {
        HookrunClient client = new HookrunClient(cloud.httpApi(), cloud.adminToken());
        String trigger = EndToEndSuite.unique("tr");
        client.createWorkflowAndTrigger(EndToEndSuite.unique("wf"), trigger,
                definition.replace("BASE", "http://127.0.0.1:" + server.getAddress().getPort()));
        HttpResponse<String> accepted = client.send(HookrunClient.Delivery.signed(trigger, EndToEndSuite.unique("msg"),
                "{\"customer\": \"c-42\", \"tags\": [\"new\", \"vip\"]}"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = (String) HookrunClient.json(accepted.body()).get("runId");
        Map<String, Object> run = client.awaitFinished(runId, RUN_TIMEOUT);
        assertThat(run.get("status")).as("run %s: %s", runId, run.get("error")).isIn("SUCCEEDED", "FAILED");
        return HookrunClient.expect(client.admin("GET", "/admin/runs/" + runId, null), 200).body();
    }

    @Test
    void tasksWithConnections_sendTheirCredentials_andTheRunHistoryHoldsNone() throws Exception {
        String run = runToEnd("""
                {"QueryLanguage": "JSONata", "StartAt": "Order", "States": {
                  "Order": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                    "Arguments": {"ApiEndpoint": "BASE/orders", "Method": "POST",
                      "Authentication": {"ConnectionArn": "arn:aws:events:eu-west-1:123456789012:connection/orders-api/3f1e9a52-0000-4000-8000-000000000001"},
                      "RequestBody": {"customer": "{% $states.input.data.customer %}", "tags": "{% $states.input.data.tags %}"},
                      "Transform": {"RequestBodyEncoding": "URL_ENCODED", "RequestEncodingOptions": {"ArrayFormat": "REPEAT"}}},
                    "Output": {"order": "{% $states.result.StatusCode %}"}, "Next": "Crm"},
                  "Crm": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                    "Arguments": {"ApiEndpoint": "BASE/contacts", "Method": "GET", "Authentication": {"ConnectionArn": "crm"}},
                    "Output": {"order": "{% $states.input.order %}", "crm": "{% $states.result.ResponseBody %}"}, "End": true}}}""");

        assertThat(HookrunClient.json(run)).containsEntry("status", "SUCCEEDED");
        Map<String, String> order = seen.stream().filter(r -> r.get("path").equals("/orders")).findFirst().orElseThrow();
        assertThat(order).containsEntry("x-api-key", API_KEY).containsEntry("x-tenant", "acme")
                .containsEntry("content-type", "application/x-www-form-urlencoded")
                .containsEntry("body", "customer=c-42&tags=new&tags=vip");
        Map<String, String> crm = seen.stream().filter(r -> r.get("path").equals("/contacts")).findFirst().orElseThrow();
        assertThat(crm).containsEntry("authorization", "Bearer " + TOKEN);
        assertThat(tokenRequests.get()).isEqualTo(1);
        assertThat(run).doesNotContain(API_KEY).doesNotContain(CLIENT_SECRET).doesNotContain(TOKEN);
    }

    @Test
    void aRefusedCall_failsTheRun_namingTheConnection_withoutItsKey() throws Exception {
        String run = runToEnd("""
                {"QueryLanguage": "JSONata", "StartAt": "Refused", "States": {
                  "Refused": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                    "Arguments": {"ApiEndpoint": "BASE/refuse", "Method": "GET", "Authentication": {"ConnectionArn": "orders-api"}},
                    "End": true}}}""");

        Map<String, Object> view = HookrunClient.json(run);
        assertThat(view).containsEntry("status", "FAILED");
        assertThat((Map<String, Object>) view.get("error")).containsEntry("error", "States.Http.StatusCode.403")
                .hasEntrySatisfying("cause", cause -> assertThat((String) cause).contains("connection 'orders-api'"));
        assertThat(run).doesNotContain(API_KEY);
    }

    @Test
    void anUnknownConnection_failsTheRun_namingIt() throws Exception {
        String run = runToEnd("""
                {"QueryLanguage": "JSONata", "StartAt": "Nobody", "States": {
                  "Nobody": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                    "Arguments": {"ApiEndpoint": "BASE/x", "Method": "GET", "Authentication": {"ConnectionArn": "nobody"}},
                    "End": true}}}""");

        Map<String, Object> view = HookrunClient.json(run);
        assertThat(view).containsEntry("status", "FAILED");
        assertThat((Map<String, Object>) view.get("error")).containsEntry("error", "States.Runtime")
                .hasEntrySatisfying("cause", cause -> assertThat((String) cause).contains("connection 'nobody' does not exist"));
    }
}

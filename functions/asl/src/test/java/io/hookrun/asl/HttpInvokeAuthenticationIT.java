package io.hookrun.asl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookrun.core.connection.Connection;
import io.hookrun.core.connection.ConnectionStore;
import io.hookrun.core.connection.ConnectionUnreadableException;
import io.hookrun.core.time.Deadline;
import io.hookrun.core.time.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code http:invoke} with {@code Authentication.ConnectionArn} through {@link StateInterpreter} and
 * {@link JdkHttpInvoker} against a real {@link HttpServer} on 127.0.0.1: what each kind of connection puts on the
 * wire, OAuth tokens reused and refreshed, the connection's parameters merged, and no secret in any cause.
 */
class HttpInvokeAuthenticationIT {

    private static final ExecutionContext CONTEXT = new ExecutionContext("run-1", "wf", "run-1", Map.of(),
            Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:01Z"), 0, "run-1:3");
    private static final String API_KEY = "sk_live_APIKEY_0123456789";
    private static final String PASSWORD = "pw-TOPSECRET-9876";
    private static final String CLIENT_SECRET = "cs-TOPSECRET-5555";
    private static final String ARN = "arn:aws:events:eu-west-1:123456789012:connection/%s/0f4c2a34-1111-2222-3333-444455556666";

    /** One request as the server saw it. */
    private record Seen(String method, String path, String rawQuery, com.sun.net.httpserver.Headers headers, String body) { }

    private final List<Seen> api = new CopyOnWriteArrayList<>();
    private final List<Seen> tokenRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private volatile int tokenStatus = 200;
    private volatile String expiresIn = "3600";
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T00:00:00Z"));
    private HttpServer server;
    private String base;
    private StateInterpreter interpreter;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/", this::api);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        ConnectionStore store = name -> Optional.ofNullable(connections.get(name));
        interpreter = new StateInterpreter(new Tasks(new JdkHttpInvoker(), store, Duration.ZERO, clock), clock,
                new Random(1), 4);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void api(HttpExchange exchange) throws IOException {
        Seen seen = seen(exchange);
        api.add(seen);
        String authorization = seen.headers().getFirst("Authorization");
        boolean refused = authorization != null && revoked.contains(authorization.replace("Bearer ", ""));
        respond(exchange, refused ? 401 : "/forbidden".equals(seen.path()) ? 403 : 200, "application/json", "{\"ok\":true}");
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.add(seen(exchange));
        if (tokenStatus != 200) {
            respond(exchange, tokenStatus, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        String expiry = expiresIn == null ? "" : ", \"expires_in\": " + expiresIn;
        respond(exchange, 200, "application/json", "{\"access_token\": \"tok-" + issued.incrementAndGet()
                + "-SECRETTOKEN\", \"token_type\": \"Bearer\"" + expiry + "}");
    }

    private static Seen seen(HttpExchange exchange) throws IOException {
        return new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private StepOutcome call(String connectionArn, String moreArguments) throws Exception {
        String definition = ("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {'A': {'Type': 'Task',"
                + " 'Resource': 'arn:aws:states:::http:invoke', 'Arguments': {'ApiEndpoint': 'BASE/orders',"
                + " 'Method': 'POST', 'Authentication': {'ConnectionArn': '" + connectionArn + "'}" + moreArguments
                + "}, 'End': true}}}").replace('\'', '"').replace("BASE", base);
        return interpreter.execute(StateMachine.parse(definition), "A", new StepInput(Map.of(), Map.of(), CONTEXT,
                List.of()), Deadline.none());
    }

    private StepOutcome call(String connectionArn) throws Exception {
        return call(connectionArn, "");
    }

    private static StepOutcome.Failed failed(StepOutcome outcome) {
        assertThat(outcome).isInstanceOf(StepOutcome.Failed.class);
        return (StepOutcome.Failed) outcome;
    }

    private Connection.OAuthClientCredentials oauth(String name, String method) {
        return new Connection.OAuthClientCredentials(name, base + "/token", method, "client-1", CLIENT_SECRET,
                Map.of("scope", "orders:write"), Map.of("X-Audience", "orders-api"), Connection.InvocationParameters.NONE,
                Map.of("tenant", "acme"));
    }

    // ---- API key and basic ----

    @Test
    void apiKeyConnection_sendsItsHeader_namedByArn() throws Exception {
        connections.put("orders-api", new Connection.ApiKey("orders-api", "x-api-key", API_KEY,
                Connection.InvocationParameters.NONE));

        assertThat(call(ARN.formatted("orders-api"))).isInstanceOf(StepOutcome.Succeeded.class);

        assertThat(api).singleElement().satisfies(r -> assertThat(r.headers().getFirst("x-api-key")).isEqualTo(API_KEY));
    }

    @Test
    void basicConnection_sendsBasicCredentials_namedByBareName() throws Exception {
        connections.put("erp", new Connection.Basic("erp", "bot", PASSWORD, Connection.InvocationParameters.NONE));

        assertThat(call("erp")).isInstanceOf(StepOutcome.Succeeded.class);

        String expected = Base64.getEncoder().encodeToString(("bot:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(api.getFirst().headers().getFirst("Authorization")).isEqualTo("Basic " + expected);
    }

    @Test
    void invocationParameters_areMerged_andTheConnectionWinsOnTheSameKey() throws Exception {
        connections.put("erp", new Connection.ApiKey("erp", "Authorization", "Bearer " + API_KEY,
                new Connection.InvocationParameters(Map.of("X-Tenant", "from-connection"), Map.of("region", "eu"),
                        Map.of("source", "hookrun-conn"), null)));

        call("erp", ", 'Headers': {'x-tenant': 'from-task', 'Authorization': 'Bearer task-token', 'X-Other': '1'},"
                + " 'QueryParameters': {'region': 'us', 'q': 'v'}, 'RequestBody': {'source': 'task', 'n': 1}");

        Seen request = api.getFirst();
        assertThat(request.headers().get("X-Tenant")).containsExactly("from-connection");
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer " + API_KEY);
        assertThat(request.headers().getFirst("X-Other")).isEqualTo("1");
        assertThat(request.rawQuery()).isEqualTo("q=v&region=eu");
        assertThat(request.body()).isEqualTo("{\"n\":1,\"source\":\"hookrun-conn\"}");
    }

    @Test
    void aStringBody_cannotTakeTheConnectionsBodyParameters() throws Exception {
        connections.put("erp", new Connection.Basic("erp", "bot", PASSWORD,
                new Connection.InvocationParameters(Map.of(), Map.of(), Map.of("k", "v"), null)));

        StepOutcome.Failed failed = failed(call("erp", ", 'RequestBody': 'raw text'"));

        assertThat(failed.error()).isEqualTo("States.Runtime");
        assertThat(failed.cause()).contains("string body cannot take the body parameters of connection 'erp'");
        assertThat(api).isEmpty();
    }

    @Test
    void aRefusal_namesTheConnection_butNoSecret() throws Exception {
        connections.put("erp", new Connection.ApiKey("erp", "x-api-key", API_KEY,
                new Connection.InvocationParameters(Map.of("X-Signature", "sig-TOPSECRET-1"), Map.of(), Map.of(), null)));

        StepOutcome.Failed failed = failed(interpreterCallTo("/forbidden", "erp"));

        assertThat(failed.error()).isEqualTo("States.Http.StatusCode.403");
        assertThat(failed.cause()).contains("connection 'erp'").doesNotContain(API_KEY).doesNotContain("sig-TOPSECRET");
    }

    private StepOutcome interpreterCallTo(String path, String connection) throws Exception {
        String definition = ("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {'A': {'Type': 'Task',"
                + " 'Resource': 'arn:aws:states:::http:invoke', 'Arguments': {'ApiEndpoint': 'BASE" + path + "',"
                + " 'Method': 'GET', 'Authentication': {'ConnectionArn': '" + connection + "'}}, 'End': true}}}")
                .replace('\'', '"').replace("BASE", base);
        return interpreter.execute(StateMachine.parse(definition), "A", new StepInput(Map.of(), Map.of(), CONTEXT,
                List.of()), Deadline.none());
    }

    @Test
    void aSocketFailure_quotesNoSecret_evenWhenTheSecretIsInTheQuery() throws Exception {
        connections.put("erp", new Connection.ApiKey("erp", "x-api-key", API_KEY,
                new Connection.InvocationParameters(Map.of(), Map.of("key", "q-TOPSECRET-77"), Map.of(), null)));
        server.stop(0);

        StepOutcome.Failed failed = failed(call("erp"));

        assertThat(failed.error()).isEqualTo("States.Http.Socket");
        assertThat(failed.cause()).doesNotContain(API_KEY).doesNotContain("q-TOPSECRET-77");
    }

    // ---- missing and broken connections ----

    @Test
    void anUnknownConnection_failsTheTask_namingIt() throws Exception {
        StepOutcome.Failed failed = failed(call(ARN.formatted("nobody")));

        assertThat(failed.error()).isEqualTo("States.Runtime");
        assertThat(failed.cause()).isEqualTo("States.A.Arguments.Authentication: connection 'nobody' does not exist");
    }

    @Test
    void aMalformedConnection_failsTheTask_withTheStoresMessage() throws Exception {
        ConnectionStore broken = name -> {
            throw new ConnectionUnreadableException("connection 'x': apiKeyAuthParameters.apiKeyValue is required", false, null);
        };
        interpreter = new StateInterpreter(new Tasks(new JdkHttpInvoker(), broken, Duration.ZERO, clock), clock, new Random(1), 4);

        StepOutcome.Failed failed = failed(call("x"));

        assertThat(failed.error()).isEqualTo("States.Runtime");
        assertThat(failed.cause()).endsWith("connection 'x': apiKeyAuthParameters.apiKeyValue is required");
    }

    @Test
    void aStoreOutage_isNotTheWorkflowsFailure_itGoesUpAndNothingIsSent() {
        ConnectionStore down = name -> {
            throw new ConnectionUnreadableException("connection 'x': Secrets Manager did not answer", true,
                    new IOException("connection reset"));
        };
        interpreter = new StateInterpreter(new Tasks(new JdkHttpInvoker(), down, Duration.ZERO, clock), clock, new Random(1), 4);

        ConnectionUnreadableException e = catchThrowableOfType(ConnectionUnreadableException.class, () -> call("x"));

        assertThat(e.outage()).isTrue();
        assertThat(api).isEmpty();
    }

    // ---- OAuth client credentials ----

    @Test
    void oAuth_fetchesATokenPerRfc6749_andSendsItAsBearer() throws Exception {
        connections.put("crm", oauth("crm", "POST"));

        assertThat(call("crm")).isInstanceOf(StepOutcome.Succeeded.class);

        Seen token = tokenRequests.getFirst();
        assertThat(token.method()).isEqualTo("POST");
        assertThat(token.rawQuery()).isEqualTo("tenant=acme");
        assertThat(token.headers().getFirst("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString(("client-1:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(token.headers().getFirst("X-Audience")).isEqualTo("orders-api");
        assertThat(token.headers().getFirst("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(form(token.body())).containsEntry("grant_type", "client_credentials").containsEntry("scope", "orders:write");
        assertThat(api.getFirst().headers().getFirst("Authorization")).isEqualTo("Bearer tok-1-SECRETTOKEN");
    }

    @Test
    void oAuthWithGet_sendsTheGrantInTheQuery() throws Exception {
        connections.put("crm", oauth("crm", "GET"));

        call("crm");

        Seen token = tokenRequests.getFirst();
        assertThat(token.method()).isEqualTo("GET");
        assertThat(form(token.rawQuery())).containsEntry("grant_type", "client_credentials")
                .containsEntry("scope", "orders:write").containsEntry("tenant", "acme");
        assertThat(token.body()).isEmpty();
    }

    @Test
    void oAuthToken_isReused_untilSixtySecondsBeforeItExpires() throws Exception {
        connections.put("crm", oauth("crm", "POST"));

        call("crm");
        clock.advance(Duration.ofSeconds(3600 - 61));
        call("crm");
        assertThat(tokenRequests).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        call("crm");

        assertThat(tokenRequests).hasSize(2);
        assertThat(api).extracting(r -> r.headers().getFirst("Authorization"))
                .containsExactly("Bearer tok-1-SECRETTOKEN", "Bearer tok-1-SECRETTOKEN", "Bearer tok-2-SECRETTOKEN");
    }

    @Test
    void aCachedTokenAnswered401_isRefetchedOnce_andTheCallSentAgain() throws Exception {
        connections.put("crm", oauth("crm", "POST"));
        call("crm");
        revoked.add("tok-1-SECRETTOKEN");

        assertThat(call("crm")).isInstanceOf(StepOutcome.Succeeded.class);

        assertThat(tokenRequests).hasSize(2);
        assertThat(api).extracting(r -> r.headers().getFirst("Authorization"))
                .containsExactly("Bearer tok-1-SECRETTOKEN", "Bearer tok-1-SECRETTOKEN", "Bearer tok-2-SECRETTOKEN");
        assertThat(api).extracting(r -> r.headers().getFirst("Idempotency-Key")).containsOnly("run-1:3");
    }

    @Test
    void aFreshTokenAnswered401_isNotFetchedAgain_theTaskFails401_namingTheConnection() throws Exception {
        connections.put("crm", oauth("crm", "POST"));
        revoked.add("tok-1-SECRETTOKEN");

        StepOutcome.Failed failed = failed(call("crm"));

        assertThat(failed.error()).isEqualTo("States.Http.StatusCode.401");
        assertThat(failed.cause()).contains("connection 'crm'").doesNotContain("SECRETTOKEN");
        assertThat(tokenRequests).hasSize(1);
        assertThat(api).hasSize(1);
    }

    @Test
    void aTokenWithoutExpiry_isKept_untilRefused() throws Exception {
        expiresIn = null;
        connections.put("crm", oauth("crm", "POST"));

        call("crm");
        clock.advance(Duration.ofDays(2));
        call("crm");

        assertThat(tokenRequests).hasSize(1);
    }

    @Test
    void aTokenEndpointThatRefuses_failsTheTask_withItsStatus_andNoSecret() throws Exception {
        tokenStatus = 401;
        connections.put("crm", oauth("crm", "POST"));

        StepOutcome.Failed failed = failed(call("crm"));

        assertThat(failed.error()).isEqualTo("States.Http.StatusCode.401");
        assertThat(failed.cause()).contains("authorization endpoint of connection 'crm'").doesNotContain(CLIENT_SECRET);
        assertThat(api).isEmpty();
    }

    // ---- URL-encoded bodies ----

    @Test
    void urlEncodedBody_isSent_withTheFormContentType_andTheConnectionsBodyParameters() throws Exception {
        connections.put("erp", new Connection.Basic("erp", "bot", PASSWORD,
                new Connection.InvocationParameters(Map.of(), Map.of(), Map.of("account", "acct 1"), null)));

        call("erp", ", 'RequestBody': {'customer': 'c-1', 'tags': ['a', 'b'], 'metadata': {'order_details': 'monthly report'}},"
                + " 'Transform': {'RequestBodyEncoding': 'URL_ENCODED', 'RequestEncodingOptions': {'ArrayFormat': 'BRACKETS'}}");

        Seen request = api.getFirst();
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.body()).isEqualTo("customer=c-1&tags%5B%5D=a&tags%5B%5D=b"
                + "&metadata%5Border_details%5D=monthly%20report&account=acct%201");
    }

    private static Map<String, String> form(String text) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String pair : text.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return fields;
    }
}

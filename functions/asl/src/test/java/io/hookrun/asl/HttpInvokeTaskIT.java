package io.hookrun.asl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The {@code http:invoke} Task through {@link StateInterpreter} and {@link JdkHttpInvoker} against a real
 * {@link HttpServer} on 127.0.0.1. Definitions are written with {@code '} for {@code "}; {@code BASE} in them
 * stands for the server's base URL.
 */
class HttpInvokeTaskIT {

    private static final ExecutionContext CONTEXT = new ExecutionContext("run-1234", "wf-http", "run-1234", Map.of(),
            Instant.parse("2025-06-01T00:00:00Z"), Instant.parse("2025-06-01T00:00:01Z"), 0, "run-1234:4");
    private static final String SECRET = "Bearer sk_live_TOPSECRET_0123456789";

    /** One request as the server saw it. */
    private record Seen(String method, String path, String rawQuery, com.sun.net.httpserver.Headers headers, String body) { }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseSlowHandler = new CountDownLatch(1);
    private final StateInterpreter interpreter = new StateInterpreter(new JdkHttpInvoker());
    private ExecutorService executor;
    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        releaseSlowHandler.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), body));
        switch (path) {
            case "/json" -> respond(exchange, 200, "application/json; charset=utf-8", "{\"id\":17,\"tags\":[\"a\",\"b\"],\"ok\":true}");
            case "/text" -> respond(exchange, 200, "text/plain", "{\"looks\":\"like json\"} but is text");
            case "/created" -> respond(exchange, 201, "application/problem+json", "{\"created\":true}");
            case "/empty" -> respond(exchange, 204, null, "");
            case "/boom" -> respond(exchange, 500, "text/plain", "database exploded");
            case "/missing" -> respond(exchange, 404, "application/json", "{\"error\":\"no such order\"}");
            case "/slow" -> {
                try {
                    releaseSlowHandler.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                respond(exchange, 200, "text/plain", "too late");
            }
            case "/slow-body" -> {
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, 1_000);
                var out = exchange.getResponseBody();
                out.write("the first bytes, then nothing".getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    releaseSlowHandler.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            }
            default -> respond(exchange, 200, "text/plain", "ok");
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.getResponseHeaders().add("X-Request-Id", "req-99");
        exchange.getResponseHeaders().add("X-Multi", "one");
        exchange.getResponseHeaders().add("X-Multi", "two");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A machine whose state A is an http:invoke Task with the given fields (Arguments, Output, ...), and B a Succeed if A goes there. */
    private StateMachine task(String fields) throws InvalidDefinitionException {
        return StateMachine.parse(("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {"
                + "'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', " + fields + "}"
                + (fields.contains("'Next'") ? ", 'B': {'Type': 'Succeed'}" : "") + "}}")
                .replace('\'', '"').replace("BASE", base));
    }

    private StepOutcome run(String fields, Object input) throws Exception {
        return execute(task(fields), input, Deadline.none());
    }

    private StepOutcome execute(StateMachine machine, Object input, Deadline deadline) throws TransientStepException {
        return interpreter.execute(machine, "A", new StepInput(input, Map.of(), CONTEXT, List.of()), deadline);
    }

    private Seen onlyRequest() {
        assertThat(seen).hasSize(1);
        return seen.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> outputOf(StepOutcome outcome) {
        assertThat(outcome).isInstanceOf(StepOutcome.Continue.class);
        return (Map<String, Object>) ((StepOutcome.Continue) outcome).output();
    }

    private static StepOutcome.Failed failed(StepOutcome outcome) {
        assertThat(outcome).isInstanceOf(StepOutcome.Failed.class);
        return (StepOutcome.Failed) outcome;
    }

    private static String header(Map<String, Object> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> (String) e.getValue()).findFirst().orElse(null);
    }

    // ---- the request ----

    @Test
    void request_usesMethodAndPathFromArguments() throws Exception {
        run("'Arguments': {'ApiEndpoint': 'BASE/orders/o-1/cancel', 'Method': 'DELETE'}, 'Next': 'B'", Map.of());

        Seen request = onlyRequest();
        assertThat(request.method()).isEqualTo("DELETE");
        assertThat(request.path()).isEqualTo("/orders/o-1/cancel");
        assertThat(request.rawQuery()).isNull();
        assertThat(request.body()).isEmpty();
    }

    @Test
    void request_methodAndEndpointMayComeFromExpressions() throws Exception {
        run("'Arguments': {'ApiEndpoint': '{% \\'BASE/items/\\' & $states.input.id %}', 'Method': '{% $states.input.verb %}'}, 'Next': 'B'",
                Map.of("id", "i-7", "verb", "PUT"));

        Seen request = onlyRequest();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/items/i-7");
    }

    @Test
    void request_queryParameters_areEncodedWithSpacesAmpersandsAndListValues() throws Exception {
        run("""
                'Arguments': {'ApiEndpoint': 'BASE/search', 'Method': 'GET',
                              'QueryParameters': {'q': 'a b&c=d', 'tag': ['x', 'y z'], 'n': '{% $states.input.n %}', 'ü': 'é/?#'}},
                'Next': 'B'""", Map.of("n", 5));

        assertThat(onlyRequest().rawQuery()).isEqualTo("q=a%20b%26c%3Dd&tag=x&tag=y%20z&n=5&%C3%BC=%C3%A9%2F%3F%23");
    }

    @Test
    void request_queryParameters_areAppendedToAnExistingQuery() throws Exception {
        run("'Arguments': {'ApiEndpoint': 'BASE/search?fixed=1', 'Method': 'GET', 'QueryParameters': {'q': 'v'}}, 'Next': 'B'", Map.of());

        assertThat(onlyRequest().rawQuery()).isEqualTo("fixed=1&q=v");
    }

    @Test
    void request_headersFromArguments_areSent() throws Exception {
        run("""
                'Arguments': {'ApiEndpoint': 'BASE/h', 'Method': 'GET',
                              'Headers': {'X-Tenant': '{% $states.input.tenant %}', 'Accept': 'application/json', 'X-Count': 3}},
                'Next': 'B'""", Map.of("tenant", "acme"));

        Seen request = onlyRequest();
        assertThat(request.headers().getFirst("X-Tenant")).isEqualTo("acme");
        assertThat(request.headers().getFirst("Accept")).isEqualTo("application/json");
        assertThat(request.headers().getFirst("X-Count")).isEqualTo("3");
    }

    @Test
    void request_objectBody_isSentAsJsonWithJsonContentType() throws Exception {
        run("""
                'Arguments': {'ApiEndpoint': 'BASE/orders', 'Method': 'POST',
                              'RequestBody': {'id': '{% $states.input.id %}', 'items': [1, 2.5, null, true], 'note': 'say \\"hi\\"'}},
                'Next': 'B'""", Map.of("id", "o-1"));

        Seen request = onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(JsonValues.parse(request.body()))
                .isEqualTo(JsonValues.parse("{\"id\":\"o-1\",\"items\":[1,2.5,null,true],\"note\":\"say \\\"hi\\\"\"}"));
    }

    @Test
    void request_objectBody_keepsAContentTypeTheWorkflowSets() throws Exception {
        run("""
                'Arguments': {'ApiEndpoint': 'BASE/orders', 'Method': 'POST',
                              'Headers': {'content-type': 'application/vnd.acme+json'}, 'RequestBody': {'a': 1}},
                'Next': 'B'""", Map.of());

        Seen request = onlyRequest();
        assertThat(request.headers().get("Content-Type")).containsExactly("application/vnd.acme+json");
        assertThat(request.body()).isEqualTo("{\"a\":1}");
    }

    @Test
    void request_stringBody_isSentAsIsWithoutJsonContentType() throws Exception {
        run("""
                'Arguments': {'ApiEndpoint': 'BASE/form', 'Method': 'POST',
                              'Headers': {'Content-Type': 'application/x-www-form-urlencoded'}, 'RequestBody': 'a=1&b=two words'},
                'Next': 'B'""", Map.of());

        Seen request = onlyRequest();
        assertThat(request.body()).isEqualTo("a=1&b=two words");
        assertThat(request.headers().get("Content-Type")).containsExactly("application/x-www-form-urlencoded");
    }

    @Test
    void request_stringBodyFromExpression_isNotJsonQuoted() throws Exception {
        run("'Arguments': {'ApiEndpoint': 'BASE/raw', 'Method': 'POST', 'RequestBody': '{% $states.input.text %}'}, 'Next': 'B'",
                Map.of("text", "plain words"));

        Seen request = onlyRequest();
        assertThat(request.body()).isEqualTo("plain words");
        assertThat(request.headers().containsKey("Content-Type")).isFalse();
    }

    @Test
    void request_carriesTheStateExecutionsIdempotencyKey() throws Exception {
        run("'Arguments': {'ApiEndpoint': 'BASE/pay', 'Method': 'POST'}, 'Next': 'B'", Map.of());

        assertThat(onlyRequest().headers().get("Idempotency-Key")).containsExactly("run-1234:4");
    }

    @Test
    void request_idempotencyKeyFromWorkflow_winsInAnyCase() throws Exception {
        run("'Arguments': {'ApiEndpoint': 'BASE/pay', 'Method': 'POST', 'Headers': {'idempotency-key': 'mine-1'}}, 'Next': 'B'", Map.of());

        assertThat(onlyRequest().headers().get("Idempotency-Key")).containsExactly("mine-1");
    }

    // ---- the result ----

    @Test
    void jsonResponse_isParsedIntoResponseBody_andIsTheDefaultOutput() throws Exception {
        Map<String, Object> result = outputOf(run("'Arguments': {'ApiEndpoint': 'BASE/json', 'Method': 'GET'}, 'Next': 'B'", Map.of()));

        assertThat(result).containsKeys("StatusCode", "StatusText", "Headers", "ResponseBody");
        assertThat(result.get("StatusCode")).isEqualTo(200);
        assertThat(result.get("StatusText")).isEqualTo("OK");
        assertThat(result.get("ResponseBody")).isEqualTo(Map.of("id", 17, "tags", List.of("a", "b"), "ok", true));
    }

    @Test
    void plusJsonResponse_isParsedToo() throws Exception {
        Map<String, Object> result = outputOf(run("'Arguments': {'ApiEndpoint': 'BASE/created', 'Method': 'POST'}, 'Next': 'B'", Map.of()));

        assertThat(result.get("StatusCode")).isEqualTo(201);
        assertThat(result.get("StatusText")).isEqualTo("Created");
        assertThat(result.get("ResponseBody")).isEqualTo(Map.of("created", true));
    }

    @Test
    void textResponse_isKeptAsText() throws Exception {
        Map<String, Object> result = outputOf(run("'Arguments': {'ApiEndpoint': 'BASE/text', 'Method': 'GET'}, 'Next': 'B'", Map.of()));

        assertThat(result.get("ResponseBody")).isEqualTo("{\"looks\":\"like json\"} but is text");
    }

    @Test
    void emptyResponse_isAnEmptyStringBody() throws Exception {
        Map<String, Object> result = outputOf(run("'Arguments': {'ApiEndpoint': 'BASE/empty', 'Method': 'DELETE'}, 'Next': 'B'", Map.of()));

        assertThat(result.get("StatusCode")).isEqualTo(204);
        assertThat(result.get("ResponseBody")).isEqualTo("");
    }

    @Test
    @SuppressWarnings("unchecked")
    void responseHeaders_areInTheResultAsOneStringPerName() throws Exception {
        Map<String, Object> result = outputOf(run("'Arguments': {'ApiEndpoint': 'BASE/json', 'Method': 'GET'}, 'Next': 'B'", Map.of()));

        Map<String, Object> headers = (Map<String, Object>) result.get("Headers");
        assertThat(header(headers, "X-Request-Id")).isEqualTo("req-99");
        assertThat(header(headers, "Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(header(headers, "X-Multi")).isEqualTo("one, two");
    }

    @Test
    void output_seesStatesResultAndStatesInput() throws Exception {
        StepOutcome outcome = run("""
                'Arguments': {'ApiEndpoint': 'BASE/json', 'Method': 'GET'},
                'Output': {'id': '{% $states.result.ResponseBody.id %}', 'status': '{% $states.result.StatusCode %}',
                           'carried': '{% $states.input.keep %}'},
                'Next': 'B'""", Map.of("keep", "me"));

        Map<String, Object> output = outputOf(outcome);
        assertThat(output.get("id")).isEqualTo(17);
        assertThat(output.get("status")).isEqualTo(200);
        assertThat(output.get("carried")).isEqualTo("me");
    }

    @Test
    void task_withEnd_succeedsWithOutput() throws Exception {
        StepOutcome outcome = run("'Arguments': {'ApiEndpoint': 'BASE/json', 'Method': 'GET'}, "
                + "'Output': '{% $states.result.ResponseBody.tags %}', 'End': true", Map.of());

        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded(List.of("a", "b")));
    }

    // ---- failures ----

    @Test
    void status500_failsWithStatusCodeError_withoutLeakingHeadersOrQuery() throws Exception {
        StepOutcome outcome = run("""
                'Arguments': {'ApiEndpoint': 'BASE/boom', 'Method': 'POST',
                              'Headers': {'Authorization': '@SECRET@', 'X-Api-Key': 'key_TOPSECRET_2'},
                              'QueryParameters': {'token': 'TOPSECRET_3'}, 'RequestBody': {'card': 'TOPSECRET_4'}},
                'Next': 'B'""".replace("@SECRET@", SECRET), Map.of());

        StepOutcome.Failed failed = failed(outcome);
        assertThat(failed.error()).isEqualTo("States.Http.StatusCode.500");
        assertThat(failed.cause()).startsWith("States.A").contains("500").contains("/boom")
                .doesNotContain("TOPSECRET").doesNotContain("sk_live").doesNotContain("Bearer");
        assertThat(onlyRequest().headers().getFirst("Authorization")).isEqualTo(SECRET);
    }

    @Test
    void status404_failsWithItsOwnStatusCodeError_andOutputIsNotEvaluated() throws Exception {
        StepOutcome outcome = run("'Arguments': {'ApiEndpoint': 'BASE/missing', 'Method': 'GET'}, "
                + "'Output': '{% $error(\\'Output must not run on an error status\\') %}', 'Next': 'B'", Map.of());

        assertThat(failed(outcome).error()).isEqualTo("States.Http.StatusCode.404");
    }

    @Test
    void connectionRefused_failsWithHttpSocket_withoutSecrets() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        StateMachine machine = task(("'Arguments': {'ApiEndpoint': 'http://127.0.0.1:" + closedPort + "/x', 'Method': 'GET', "
                + "'Headers': {'Authorization': '@SECRET@'}, 'QueryParameters': {'token': 'TOPSECRET_3'}}, 'Next': 'B'")
                .replace("@SECRET@", SECRET));

        StepOutcome.Failed failed = failed(execute(machine, Map.of(), Deadline.none()));

        assertThat(failed.error()).isEqualTo("States.Http.Socket");
        assertThat(failed.cause()).startsWith("States.A").contains("127.0.0.1:" + closedPort)
                .doesNotContain("TOPSECRET").doesNotContain("sk_live");
    }

    @Test
    void connectionRefused_isCaughtByACatcherOnHttpSocket() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        StateMachine machine = task("'Arguments': {'ApiEndpoint': 'http://127.0.0.1:" + closedPort + "/x', 'Method': 'GET'}, "
                + "'Catch': [{'ErrorEquals': ['States.Http.Socket'], 'Next': 'B', 'Output': '{% $states.errorOutput.Error %}'}], "
                + "'Next': 'B'");

        StepOutcome outcome = execute(machine, Map.of(), Deadline.none());

        assertThat(outcome).isInstanceOf(StepOutcome.Caught.class);
        assertThat(((StepOutcome.Caught) outcome).output()).isEqualTo("States.Http.Socket");
    }

    @Test
    void slowerThanTimeoutSeconds_failsWithStatesTimeout() throws Exception {
        StateMachine machine = task("'TimeoutSeconds': 1, 'Arguments': {'ApiEndpoint': 'BASE/slow', 'Method': 'GET'}, 'Next': 'B'");
        long started = System.nanoTime();

        StepOutcome.Failed failed = failed(execute(machine, Map.of(), Deadline.none()));

        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(failed.error()).isEqualTo("States.Timeout");
        assertThat(failed.cause()).startsWith("States.A").contains("/slow");
        assertThat(elapsedMs).isBetween(900L, 8_000L);
        assertThat(onlyRequest().path()).isEqualTo("/slow");
    }

    @Test
    void responseBodySlowerThanTimeoutSeconds_failsWithStatesTimeout() throws Exception {
        StateMachine machine = task("'TimeoutSeconds': 1, 'Arguments': {'ApiEndpoint': 'BASE/slow-body', 'Method': 'GET'}, 'Next': 'B'");

        StepOutcome.Failed failed = failed(execute(machine, Map.of(), Deadline.none()));

        assertThat(failed.error()).isEqualTo("States.Timeout");
        assertThat(failed.cause()).startsWith("States.A").contains("/slow-body");
    }

    @Test
    void slowerThanWhatTheInvocationHasLeft_isTransient_notAStateError() throws Exception {
        StateMachine machine = task("'TimeoutSeconds': 20, 'Arguments': {'ApiEndpoint': 'BASE/slow', 'Method': 'GET'}, 'Next': 'B'");

        TransientStepException e = catchThrowableOfType(TransientStepException.class,
                () -> execute(machine, Map.of(), Deadline.in(java.time.Duration.ofSeconds(1))));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("States.A").contains("/slow").contains("left in this invocation");
    }

    @Test
    void headerValueTheClientRefuses_failsWithoutCallingOrLeakingTheValue() throws Exception {
        StepOutcome outcome = run("'Arguments': {'ApiEndpoint': 'BASE/x', 'Method': 'GET', "
                + "'Headers': {'Authorization': '{% $states.input.auth %}'}}, 'Next': 'B'",
                Map.of("auth", "Bearer TOPSECRET_5\r\nX-Injected: yes"));

        StepOutcome.Failed failed = failed(outcome);
        assertThat(failed.error()).isEqualTo("States.Runtime");
        assertThat(failed.cause()).startsWith("States.A.Arguments").doesNotContain("TOPSECRET").doesNotContain("X-Injected");
        assertThat(seen).isEmpty();
    }

    @Test
    void restrictedHeader_failsAsRuntimeErrorInsteadOfBeingRetried() throws Exception {
        StepOutcome outcome = run("'Arguments': {'ApiEndpoint': 'BASE/x', 'Method': 'GET', 'Headers': {'Host': 'evil.test'}}, 'Next': 'B'",
                Map.of());

        StepOutcome.Failed failed = failed(outcome);
        assertThat(failed.error()).isEqualTo("States.Runtime");
        assertThat(failed.cause()).startsWith("States.A.Arguments");
        assertThat(seen).isEmpty();
    }

    @Test
    void methodFromExpressionThatIsNotHttp_failsWithoutCalling() throws Exception {
        StepOutcome outcome = run("'Arguments': {'ApiEndpoint': 'BASE/x', 'Method': '{% \\'FETCH\\' %}'}, 'Next': 'B'", Map.of());

        StepOutcome.Failed failed = failed(outcome);
        assertThat(failed.error()).isEqualTo("States.Runtime");
        assertThat(failed.cause()).startsWith("States.A.Arguments.Method");
        assertThat(seen).isEmpty();
    }

    @Test
    void endpointFromExpressionThatIsNotHttp_failsWithoutCalling() throws Exception {
        StepOutcome outcome = run("'Arguments': {'ApiEndpoint': '{% $states.input.url %}', 'Method': 'GET'}, 'Next': 'B'",
                Map.of("url", "file:///etc/passwd"));

        StepOutcome.Failed failed = failed(outcome);
        assertThat(failed.error()).isEqualTo("States.Runtime");
        assertThat(failed.cause()).startsWith("States.A.Arguments.ApiEndpoint");
        assertThat(seen).isEmpty();
    }
}

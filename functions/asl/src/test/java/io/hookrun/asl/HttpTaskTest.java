package io.hookrun.asl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.hookrun.asl.RecordingHttpServer.Response;
import static io.hookrun.asl.StateInterpreterTest.CONTEXT;
import static io.hookrun.asl.StateMachineValidationTest.machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpTaskTest {

    private final StateInterpreter interpreter = new StateInterpreter(new JdkHttpInvoker(Duration.ofSeconds(2)));
    private RecordingHttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private StepOutcome runTask(String taskFields, Object input) throws Exception {
        String definition = machine("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', " + taskFields + "}");
        return interpreter.execute(StateMachine.parse(definition), "A", input, CONTEXT);
    }

    @Test
    void task_post_sendsMethodPathEncodedQueryHeadersJsonBodyAndIdempotencyKey() throws Exception {
        server = new RecordingHttpServer(request -> Response.json(201, "{\"id\": \"c-1\"}"));
        String url = server.url("/v1/orders");

        StepOutcome outcome = runTask("""
                'Arguments': {'ApiEndpoint': '%s', 'Method': 'POST',
                  'Headers': {'Authorization': 'Bearer t0k', 'X-Customer': '{%% $states.input.customer %%}'},
                  'QueryParameters': {'q': 'a b&c=é', 'tag': ['x', 'y']},
                  'RequestBody': {'amount': '{%% $states.input.amount %%}', 'items': [1, 2]}},
                'Next': 'A'""".formatted(url), Map.of("customer", "cu-5", "amount", 12.5));

        RecordingHttpServer.Request request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/orders");
        assertThat(request.rawQuery()).isEqualTo("q=a%20b%26c%3D%C3%A9&tag=x&tag=y");
        assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer t0k");
        assertThat(request.headers().getFirst("X-Customer")).isEqualTo("cu-5");
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(request.headers().getFirst("Idempotency-Key")).isEqualTo("run-7:3");
        assertThat(RecordingHttpServer.jsonBody(request)).isEqualTo(Map.of("amount", 12.5, "items", List.of(1, 2)));
        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Continue.class, next -> {
            assertThat(next.nextState()).isEqualTo("A");
            Map<?, ?> result = (Map<?, ?>) next.output();
            assertThat(result.get("StatusCode")).isEqualTo(201);
            assertThat(result.get("StatusText")).isEqualTo("Created");
            assertThat(result.get("ResponseBody")).isEqualTo(Map.of("id", "c-1"));
            assertThat(((Map<?, ?>) result.get("Headers")).entrySet()).anySatisfy(header -> {
                assertThat(header.getKey().toString()).isEqualToIgnoringCase("X-Trace");
                assertThat(header.getValue()).isEqualTo("trace-1");
            });
        });
    }

    @Test
    void task_output_seesStatesResultAndInput_andEndSucceeds() throws Exception {
        server = new RecordingHttpServer(request -> Response.json(200, "{\"status\": \"UP\", \"n\": 2}"));

        StepOutcome outcome = runTask("""
                'Arguments': {'ApiEndpoint': '%s', 'Method': '{%% $states.input.verb %%}'},
                'Output': {'up': '{%% $states.result.ResponseBody.status %%}', 'code': '{%% $states.result.StatusCode %%}',
                           'verb': '{%% $states.input.verb %%}'},
                'End': true""".formatted(server.url("/health")), Map.of("verb", "GET"));

        assertThat(server.onlyRequest().method()).isEqualTo("GET");
        assertThat(server.onlyRequest().body()).isEmpty();
        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded(Map.of("up", "UP", "code", 200, "verb", "GET")));
    }

    @Test
    void task_textResponse_isKeptAsText_andStringBodyIsSentAsIs() throws Exception {
        server = new RecordingHttpServer(request -> Response.text(200, "{\"not\": \"parsed\"}"));

        StepOutcome outcome = runTask("""
                'Arguments': {'ApiEndpoint': '%s', 'Method': 'PUT', 'RequestBody': 'raw=1&b=2',
                              'Headers': {'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': 'mine'}},
                'End': true""".formatted(server.url("/form")), Map.of());

        RecordingHttpServer.Request request = server.onlyRequest();
        assertThat(request.body()).isEqualTo("raw=1&b=2");
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.headers().get("Idempotency-Key")).containsExactly("mine");
        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Succeeded.class, done ->
                assertThat(((Map<?, ?>) done.output()).get("ResponseBody")).isEqualTo("{\"not\": \"parsed\"}"));
    }

    @Test
    void task_jsonContentTypeWithInvalidJson_keepsTheText() throws Exception {
        server = new RecordingHttpServer(request -> Response.json(200, "oops{"));

        StepOutcome outcome = runTask("'Arguments': {'ApiEndpoint': '%s', 'Method': 'GET'}, 'End': true"
                .formatted(server.url("/")), Map.of());

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Succeeded.class, done ->
                assertThat(((Map<?, ?>) done.output()).get("ResponseBody")).isEqualTo("oops{"));
    }

    @Test
    void task_non2xx_failsWithStatusCodeError_withoutLeakingHeadersOrQuery() throws Exception {
        server = new RecordingHttpServer(request -> Response.json(500, "{\"error\": \"boom\"}"));

        StepOutcome outcome = runTask("""
                'Arguments': {'ApiEndpoint': '%s', 'Method': 'DELETE', 'QueryParameters': {'api_key': 'q-secret'},
                              'Headers': {'Authorization': 'Bearer s3cret'}},
                'Output': '{%% $states.result.ResponseBody.error %%}', 'End': true""".formatted(server.url("/items/9")), Map.of());

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Failed.class, failed -> {
            assertThat(failed.error()).isEqualTo("States.Http.StatusCode.500");
            assertThat(failed.cause()).isEqualTo("States.A: DELETE " + server.url("/items/9") + " answered 500 Internal Server Error");
            assertThat(failed.cause()).doesNotContain("s3cret").doesNotContain("q-secret");
        });
    }

    @Test
    void task_argumentsEvaluatingToBadMethod_failsRuntime_withoutCalling() throws Exception {
        server = new RecordingHttpServer(request -> Response.json(200, "{}"));

        StepOutcome outcome = runTask("'Arguments': {'ApiEndpoint': '%s', 'Method': '{%% \\\"FETCH\\\" %%}'}, 'End': true"
                .formatted(server.url("/")), Map.of());

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Failed.class, failed -> {
            assertThat(failed.error()).isEqualTo("States.Runtime");
            assertThat(failed.cause()).startsWith("States.A.Arguments.Method: must be one of ");
        });
        assertThat(server.requests).isEmpty();
    }

    @Test
    void task_connectionRefused_isTransient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> runTask("'Arguments': {'ApiEndpoint': 'http://127.0.0.1:%d/x?token=abc', 'Method': 'GET'}, 'End': true"
                .formatted(closedPort), Map.of()))
                .isInstanceOf(TransientStepException.class)
                .hasMessageStartingWith("States.A: GET http://127.0.0.1:" + closedPort + "/x failed: ")
                .hasMessageNotContaining("token=abc")
                .hasCauseInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void task_slowerThanTimeoutSeconds_isTransient() throws Exception {
        server = new RecordingHttpServer(request -> new Response(200, "application/json", "{}", 3_000));
        long started = System.nanoTime();

        assertThatThrownBy(() -> runTask("'Arguments': {'ApiEndpoint': '%s', 'Method': 'GET'}, 'TimeoutSeconds': 1, 'End': true"
                .formatted(server.url("/slow")), Map.of()))
                .isInstanceOf(TransientStepException.class)
                .hasCauseInstanceOf(java.net.http.HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
    }
}

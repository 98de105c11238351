package io.hookrun.asl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookrun.asl.outbound.AllowList;
import io.hookrun.asl.outbound.CircuitBreakingHttpInvoker;
import io.hookrun.asl.outbound.GuardedHttpInvoker;
import io.hookrun.asl.outbound.OutboundGuard;
import io.hookrun.core.outbound.BreakerSettings;
import io.hookrun.core.outbound.InMemoryCircuitBreaker;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbound safety through the {@code http:invoke} Task and the real JDK client against a real {@link HttpServer} on
 * 127.0.0.1 (docs/adr/0007): refused addresses, redirects not followed, an open breaker, and the response size cap.
 */
class OutboundSafetyIT {

    private static final ExecutionContext CONTEXT = new ExecutionContext("run-1", "wf-outbound", "run-1", Map.of(),
            Instant.parse("2025-06-01T00:00:00Z"), Instant.parse("2025-06-01T00:00:01Z"), 0, "run-1:1");
    private static final int CAP = 1024 * 1024;
    private static final long FIFTY_MIB = 50L * 1024 * 1024;

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Long> bigBodyWritten = new CompletableFuture<>();
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
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        seen.add(exchange.getRequestURI().toString());
        switch (exchange.getRequestURI().getPath()) {
            case "/redirect" -> {
                exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            }
            case "/down" -> {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
            }
            case "/exactly-cap" -> {
                byte[] body = new byte[CAP];
                Arrays.fill(body, (byte) 'a');
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            case "/huge" -> {
                // 50 MiB of a JSON array, chunked (no Content-Length), written until done or the client goes away
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = "[1,2,3,4,5,6,7]".repeat(4096).getBytes(StandardCharsets.UTF_8);
                long written = 0;
                try (OutputStream out = exchange.getResponseBody()) {
                    while (written < FIFTY_MIB) {
                        out.write(chunk);
                        written += chunk.length;
                    }
                } catch (IOException e) {
                    // the client closed the connection: what we measure
                } finally {
                    bigBodyWritten.complete(written);
                    exchange.close();
                }
            }
            default -> {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            }
        }
    }

    private static StepOutcome call(HttpInvoker http, String url) throws Exception {
        StateMachine machine = StateMachine.parse(("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {'A': {"
                + "'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', 'Arguments': {'ApiEndpoint': '" + url
                + "', 'Method': 'GET'}, 'End': true}}}").replace('\'', '"'));
        return new StateInterpreter(http).execute(machine, "A", new StepInput(Map.of(), Map.of(), CONTEXT, List.of()),
                Deadline.none());
    }

    private static HttpInvoker guarded(boolean allowLoopback) {
        return new GuardedHttpInvoker(new JdkHttpInvoker(), new OutboundGuard(AllowList.NONE, allowLoopback));
    }

    @Test
    void theMetadataEndpoint_isRefused_asHookrunOutboundRefused_andNotCalled() throws Exception {
        StepOutcome outcome = call(guarded(true), "http://169.254.169.254/latest/meta-data/?token=s3cret");

        assertThat(outcome).isInstanceOf(StepOutcome.Failed.class);
        StepOutcome.Failed failed = (StepOutcome.Failed) outcome;
        assertThat(failed.error()).isEqualTo("hookrun.OutboundRefused");
        assertThat(failed.cause()).contains("169.254.169.254").contains("link-local").doesNotContain("s3cret");
    }

    @Test
    void aLoopbackServer_isRefusedByDefault_andNeverSeesTheRequest() throws Exception {
        StepOutcome outcome = call(guarded(false), base + "/hello");

        assertThat(((StepOutcome.Failed) outcome).error()).isEqualTo("hookrun.OutboundRefused");
        assertThat(((StepOutcome.Failed) outcome).cause()).contains("127.0.0.1").contains("loopback");
        assertThat(seen).isEmpty();
    }

    @Test
    void aRedirectToTheMetadataEndpoint_isTheResult_notFollowed() throws Exception {
        StepOutcome outcome = call(guarded(true), base + "/redirect");

        assertThat(outcome).isInstanceOf(StepOutcome.Failed.class);
        assertThat(((StepOutcome.Failed) outcome).error()).isEqualTo("States.Http.StatusCode.302");
        assertThat(seen).containsExactly("/redirect");
    }

    @Test
    void anOpenBreaker_failsTheTaskAsHookrunCircuitOpen_withoutCalling() throws Exception {
        HttpInvoker breaking = new CircuitBreakingHttpInvoker(new JdkHttpInvoker(), new InMemoryCircuitBreaker(
                new BreakerSettings(0.5, 3, Duration.ofSeconds(60), Duration.ofSeconds(30))), Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            assertThat(((StepOutcome.Failed) call(breaking, base + "/down")).error()).isEqualTo("States.Http.StatusCode.503");
        }

        StepOutcome outcome = call(breaking, base + "/down");

        assertThat(((StepOutcome.Failed) outcome).error()).isEqualTo("hookrun.CircuitOpen");
        assertThat(((StepOutcome.Failed) outcome).cause()).contains("127.0.0.1").contains("next call may go at");
        assertThat(seen).hasSize(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFiftyMebibyteAnswer_isReadUpToTheCap_keptAsText_markedTruncated_andTheRestIsNeverRead() throws Exception {
        StepOutcome outcome = call(new JdkHttpInvoker(Duration.ofSeconds(5), CAP), base + "/huge");

        Map<String, Object> result = (Map<String, Object>) ((StepOutcome.Succeeded) outcome).output();
        assertThat(result).containsEntry("StatusCode", 200).containsEntry("ResponseBodyTruncated", true);
        assertThat(result.get("ResponseBody")).isInstanceOf(String.class);
        assertThat(((String) result.get("ResponseBody")).length()).isEqualTo(CAP);
        long written = bigBodyWritten.get(30, TimeUnit.SECONDS);
        // what the server got into its socket before the client closed it: the cap plus socket buffers, not 50 MiB
        assertThat(written).isLessThan(FIFTY_MIB / 4);
    }

    @Test
    void anAnswerOfExactlyTheCap_isWhole() throws Exception {
        HttpInvoker.HttpResult result = new JdkHttpInvoker(Duration.ofSeconds(5), CAP).invoke(new HttpInvoker.HttpCall(
                "GET", java.net.URI.create(base + "/exactly-cap"), Map.of(), new byte[0], Duration.ofSeconds(10)));

        assertThat(result.truncated()).isFalse();
        assertThat(result.body()).hasSize(CAP);
    }
}

package io.hookrun.asl;

import io.hookrun.core.time.SettableClock;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks a whole machine through {@link MachineRunner} (the execution model of docs/adr/0005, in memory) with its
 * Tasks calling a real local HTTP server. The workflow
 * fetches an order over HTTP, decides on its total, then either approves it over HTTP or fails.
 */
class MachineWalkIT {

    private static final String DEFINITION = """
            {'QueryLanguage': 'JSONata', 'StartAt': 'Fetch', 'States': {
              'Fetch': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke',
                        'Arguments': {'ApiEndpoint': '{% \\'BASE/orders/\\' & $states.input.orderId %}', 'Method': 'GET'},
                        'Output': {'orderId': '{% $states.input.orderId %}', 'total': '{% $states.result.ResponseBody.total %}'},
                        'Next': 'Decide'},
              'Decide': {'Type': 'Choice', 'Default': 'Reject', 'Choices': [
                        {'Condition': '{% $states.input.total >= 100 %}', 'Next': 'Approve'}]},
              'Approve': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke',
                        'Arguments': {'ApiEndpoint': 'BASE/approvals', 'Method': 'POST',
                                      'RequestBody': {'orderId': '{% $states.input.orderId %}', 'total': '{% $states.input.total %}'}},
                        'Output': {'approval': '{% $states.result.ResponseBody.approvalId %}', 'orderId': '{% $states.input.orderId %}'},
                        'End': true},
              'Reject': {'Type': 'Fail', 'Error': 'Order.TooSmall',
                        'Cause': '{% \\'order \\' & $states.input.orderId & \\' totals only \\' & $states.input.total %}'}
            }}""";

    /** What the server saw: method, path, Idempotency-Key and body of each request. */
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private StateMachine machine;
    private final StateInterpreter interpreter = new StateInterpreter(new JdkHttpInvoker());

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path + " key=" + exchange.getRequestHeaders().getFirst("Idempotency-Key")
                    + (body.isEmpty() ? "" : " " + body));
            String response = switch (path) {
                case "/orders/big" -> "{\"id\":\"big\",\"total\":250}";
                case "/orders/small" -> "{\"id\":\"small\",\"total\":5}";
                case "/approvals" -> "{\"approvalId\":\"ap-1\"}";
                default -> null;
            };
            byte[] bytes = (response == null ? "{}" : response).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(response == null ? 404 : 200, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        machine = StateMachine.parse(DEFINITION.replace('\'', '"')
                .replace("BASE", "http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private MachineRunner.Run walk(Object runInput) throws TransientStepException {
        return new MachineRunner(interpreter, new SettableClock(Instant.parse("2025-01-01T00:00:00Z"))).run(machine, runInput);
    }

    @Test
    void walk_bigOrder_fetchesDecidesApprovesAndSucceeds() throws Exception {
        MachineRunner.Run walk = walk(Map.of("orderId", "big"));

        assertThat(walk.visited()).containsExactly("Fetch", "Decide", "Approve");
        assertThat(walk.output()).isEqualTo(Map.of("approval", "ap-1", "orderId", "big"));
        assertThat(requests).containsExactly(
                "GET /orders/big key=run-1::0",
                "POST /approvals key=run-1::2 {\"orderId\":\"big\",\"total\":250}");
    }

    @Test
    void walk_smallOrder_fetchesDecidesAndFailsWithExpressionCause() throws Exception {
        MachineRunner.Run walk = walk(Map.of("orderId", "small"));

        assertThat(walk.visited()).containsExactly("Fetch", "Decide", "Reject");
        assertThat(walk.end()).isEqualTo(BranchResult.failure("Order.TooSmall", "order small totals only 5"));
        assertThat(requests).containsExactly("GET /orders/small key=run-1::0");
    }

    @Test
    void walk_unknownOrder_failsAtFetchWithTheHttpStatus() throws Exception {
        MachineRunner.Run walk = walk(Map.of("orderId", "nope"));

        assertThat(walk.visited()).containsExactly("Fetch");
        assertThat(walk.end().error()).isEqualTo("States.Http.StatusCode.404");
    }
}

package io.hookrun.asl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.hookrun.asl.RecordingHttpServer.Response;
import static org.assertj.core.api.Assertions.assertThat;

/** Drives a whole workflow the way the step function does: one execute() per state until the run ends. */
class WorkflowWalkTest {

    private static final String WORKFLOW = """
            {"QueryLanguage": "JSONata", "Comment": "fetch an order, notify for big ones", "StartAt": "FetchOrder",
             "States": {
               "FetchOrder": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                 "Arguments": {"ApiEndpoint": "{% $states.input.base & '/orders/' & $states.input.orderId %}", "Method": "GET"},
                 "Output": {"base": "{% $states.input.base %}", "order": "{% $states.result.ResponseBody %}"},
                 "Next": "IsBig"},
               "IsBig": {"Type": "Choice",
                 "Choices": [{"Condition": "{% $states.input.order.amount > 100 %}", "Next": "Notify"},
                             {"Condition": "{% $states.input.order.amount <= 0 %}", "Next": "Reject"}],
                 "Default": "Done"},
               "Notify": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                 "Arguments": {"ApiEndpoint": "{% $states.input.base & '/notifications' %}", "Method": "POST",
                               "RequestBody": {"orderId": "{% $states.input.order.id %}", "run": "{% $states.context.Execution.Id %}"}},
                 "Output": "{% $merge([$states.input, {'notified': $states.result.StatusCode = 202}]) %}",
                 "Next": "Done"},
               "Reject": {"Type": "Fail", "Error": "Order.Invalid", "Cause": "{% 'amount ' & $string($states.input.order.amount) %}"},
               "Done": {"Type": "Succeed",
                 "Output": {"orderId": "{% $states.input.order.id %}", "notified": "{% $states.input.notified = true %}"}}
             }}""";

    private RecordingHttpServer server;
    private final List<String> visited = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new RecordingHttpServer(request -> switch (request.path()) {
            case "/orders/o-big" -> Response.json(200, "{\"id\": \"o-big\", \"amount\": 250}");
            case "/orders/o-small" -> Response.json(200, "{\"id\": \"o-small\", \"amount\": 20}");
            case "/orders/o-zero" -> Response.json(200, "{\"id\": \"o-zero\", \"amount\": 0}");
            case "/notifications" -> Response.json(202, "{}");
            default -> Response.json(404, "{\"message\": \"no such order\"}");
        });
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private StepOutcome walk(String orderId) throws Exception {
        StateMachine machine = StateMachine.parse(WORKFLOW);
        StateInterpreter interpreter = new StateInterpreter(new JdkHttpInvoker());
        Map<String, Object> runInput = Map.of("base", server.url(""), "orderId", orderId);
        Instant started = Instant.parse("2025-06-01T10:00:00Z");
        String state = machine.startAt();
        Object input = runInput;
        for (int sequence = 0; sequence < 20; sequence++) {
            visited.add(state);
            ExecutionContext context = new ExecutionContext("run-1", "orders", runInput, started, sequence,
                    started.plusSeconds(sequence));
            StepOutcome outcome = interpreter.execute(machine, state, input, context);
            if (!(outcome instanceof StepOutcome.Continue next)) {
                return outcome;
            }
            state = next.nextState();
            input = next.output();
        }
        throw new AssertionError("the workflow did not end: " + visited);
    }

    @Test
    void walk_bigOrder_fetchesNotifiesAndSucceeds() throws Exception {
        StepOutcome outcome = walk("o-big");

        assertThat(visited).containsExactly("FetchOrder", "IsBig", "Notify", "Done");
        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded(Map.of("orderId", "o-big", "notified", true)));
        assertThat(server.requests).extracting(RecordingHttpServer.Request::path)
                .containsExactly("/orders/o-big", "/notifications");
        assertThat(server.requests).extracting(request -> request.headers().getFirst("Idempotency-Key"))
                .containsExactly("run-1:0", "run-1:2");
        assertThat(RecordingHttpServer.jsonBody(server.requests.get(1))).isEqualTo(Map.of("orderId", "o-big", "run", "run-1"));
    }

    @Test
    void walk_smallOrder_skipsNotification() throws Exception {
        StepOutcome outcome = walk("o-small");

        assertThat(visited).containsExactly("FetchOrder", "IsBig", "Done");
        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded(Map.of("orderId", "o-small", "notified", false)));
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void walk_zeroAmount_endsInFailState() throws Exception {
        StepOutcome outcome = walk("o-zero");

        assertThat(visited).containsExactly("FetchOrder", "IsBig", "Reject");
        assertThat(outcome).isEqualTo(new StepOutcome.Failed("Order.Invalid", "amount 0"));
    }

    @Test
    void walk_unknownOrder_failsOnTheHttpStatus() throws Exception {
        StepOutcome outcome = walk("o-missing");

        assertThat(visited).containsExactly("FetchOrder");
        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Failed.class,
                failed -> assertThat(failed.error()).isEqualTo("States.Http.StatusCode.404"));
    }
}

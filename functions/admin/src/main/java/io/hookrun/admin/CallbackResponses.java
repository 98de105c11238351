package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpResponses;
import io.hookrun.lambda.http.ProblemDetail;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * The answers of {@code POST /callbacks/{token}/{action}}: 200 {@code {"status": "RECORDED", "action": ...}}, or an
 * RFC 9457 problem with a stable type: {@code unknown-task-token} (404: does not verify, or names nothing: the same
 * for both), {@code task-already-answered} (409), {@code task-not-waiting} (410), {@code invalid-callback} (400),
 * {@code not-found} (404: no such action), {@code method-not-allowed} (405), {@code unavailable} (503),
 * {@code internal-error} (500). None of them quotes the token.
 */
@Singleton
public class CallbackResponses {

    private final HttpResponses responses;

    public CallbackResponses(HttpResponses responses) {
        this.responses = responses;
    }

    public APIGatewayV2HTTPResponse answer(CallbackOutcome outcome) {
        return switch (outcome) {
            case CallbackOutcome.Recorded(String action) ->
                    responses.json(200, Map.of("status", "RECORDED", "action", action));
            case CallbackOutcome.UnknownToken() -> responses.problem(404, "unknown-task-token", "Unknown task token",
                    "no task waits for this token");
            case CallbackOutcome.AlreadyAnswered() -> responses.problem(409, "task-already-answered",
                    "Task already answered", "a callback already answered this task: a task token is single-use");
            case CallbackOutcome.NotWaiting() -> responses.problem(410, "task-not-waiting", "Task not waiting",
                    "the task no longer waits for a callback: it timed out, or its run ended or was cancelled");
            case CallbackOutcome.InvalidBody(String problem) -> responses.problem(400, "invalid-callback",
                    "Invalid callback", problem);
            case CallbackOutcome.UnknownAction() -> responses.problem(404, "not-found", "Not found",
                    "a callback is POST /callbacks/{token}/success, /failure or /heartbeat");
            case CallbackOutcome.MethodNotAllowed(String method) -> responses.problem(ProblemDetail.of(405,
                    "method-not-allowed", "Method not allowed", method + " is not allowed on a callback; use POST"),
                    Map.of("Allow", "POST"));
            case CallbackOutcome.Unavailable() -> responses.problem(ProblemDetail.of(503, "unavailable",
                    "Temporarily unavailable", "a service hookrun depends on did not answer; nothing was changed,"
                            + " retry later"), Map.of(AdminResponses.RETRY_AFTER_HEADER, "5"));
            case CallbackOutcome.Failed() -> responses.problem(ProblemDetail.of(500, "internal-error",
                    "Internal error", "hookrun failed to handle this callback; quote the request id when reporting"
                            + " it"), Map.of());
        };
    }
}

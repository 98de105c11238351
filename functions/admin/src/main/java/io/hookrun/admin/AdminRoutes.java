package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpApiRequest;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin API's routes: method and path to one use case, its outcome to a response ({@link AdminResponses}).
 * A handful of fixed paths: a table of patterns is clearer, and much lighter in the jar and at cold start, than a
 * web framework's router. Nothing is caught here: a store outage reaches {@code HttpApiHandler} (503 with
 * {@code Retry-After}), and so does a bug (500 with the request id).
 */
@Singleton
public class AdminRoutes {

    private static final Pattern WORKFLOW = Pattern.compile("/admin/workflows/([^/]+)");
    private static final Pattern WORKFLOW_RUNS = Pattern.compile("/admin/workflows/([^/]+)/runs");
    private static final Pattern TRIGGER = Pattern.compile("/admin/triggers/([^/]+)");
    private static final Pattern TRIGGER_SECRETS = Pattern.compile("/admin/triggers/([^/]+)/secrets");
    private static final Pattern TRIGGER_SECRET = Pattern.compile("/admin/triggers/([^/]+)/secrets/([^/]+)");
    private static final Pattern RUN = Pattern.compile("/admin/runs/([^/]+)");
    private static final String RUNS = "/admin/runs";
    /** {@code /callbacks/{token}/{action}}, and anything else under /callbacks (answered without echoing the path). */
    private static final Pattern CALLBACK = Pattern.compile("/callbacks/([^/]+)/([^/]+)/?");
    private static final String CALLBACKS = "/callbacks/";
    // cancel, replay, dead letters
    private static final Pattern RUN_CANCEL = Pattern.compile("/admin/runs/([^/]+)/cancel");
    private static final Pattern RUN_REPLAY = Pattern.compile("/admin/runs/([^/]+)/replay");
    private static final String DEAD_LETTERS = "/admin/dead-letters";
    private static final String DEAD_LETTERS_REDRIVE = "/admin/dead-letters/redrive";
    private static final String DEAD_LETTERS_REDRIVES = "/admin/dead-letters/redrives";

    private final WorkflowAdmin workflows;
    private final TriggerAdmin triggers;
    private final TriggerSecrets secrets;
    private final RunAdmin runs;
    private final RunDetails runDetails;
    private final RunStartAdmin starts;
    private final AdminResponses responses;
    private final CallbackAdmin callbacks;
    private final CallbackResponses callbackResponses;
    private final RunCancel cancels;
    private final RunReplay replays;
    private final DeadLetterAdmin deadLetters;
    private final OpsResponses ops;

    public AdminRoutes(WorkflowAdmin workflows, TriggerAdmin triggers, TriggerSecrets secrets, RunAdmin runs,
                       RunDetails runDetails, RunStartAdmin starts, AdminResponses responses, CallbackAdmin callbacks,
                       CallbackResponses callbackResponses, RunCancel cancels, RunReplay replays,
                       DeadLetterAdmin deadLetters, OpsResponses ops) {
        this.workflows = workflows;
        this.triggers = triggers;
        this.secrets = secrets;
        this.runs = runs;
        this.runDetails = runDetails;
        this.starts = starts;
        this.responses = responses;
        this.callbacks = callbacks;
        this.callbackResponses = callbackResponses;
        this.cancels = cancels;
        this.replays = replays;
        this.deadLetters = deadLetters;
        this.ops = ops;
    }

    /**
     * @param remaining the invocation's remaining time: how long a run name claimed by this request may stay held if the
     *                  invocation dies before it is done
     */
    public APIGatewayV2HTTPResponse handle(HttpApiRequest request, Duration remaining) {
        String method = request.method();
        String path = request.path();
        // task token callbacks, unauthenticated (the token is the credential), answered whole
        // here so that no failure reaches a log line with the path, which holds the token.
        if (path.startsWith(CALLBACKS)) {
            Matcher callback = CALLBACK.matcher(path);
            return callbackResponses.answer(callback.matches()
                    ? callbacks.answer(method, callback.group(1), callback.group(2), request.body())
                    : new CallbackOutcome.UnknownAction());
        }
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Matcher m;
        if ((m = WORKFLOW.matcher(normalized)).matches()) {
            return switch (method) {
                case "PUT" -> responses.workflowSave(workflows.put(m.group(1), request.bodyText()));
                case "GET" -> responses.workflow(workflows.get(m.group(1)));
                default -> responses.methodNotAllowed(method, normalized, "GET, PUT");
            };
        }
        if ((m = WORKFLOW_RUNS.matcher(normalized)).matches()) {
            return method.equals("POST")
                    ? responses.runStart(starts.start(m.group(1), request.query().get("name"), request.body(), remaining))
                    : responses.methodNotAllowed(method, normalized, "POST");
        }
        if ((m = TRIGGER.matcher(normalized)).matches()) {
            return switch (method) {
                case "PUT" -> responses.triggerSave(triggers.put(m.group(1), request.bodyText()));
                case "GET" -> responses.trigger(triggers.get(m.group(1)));
                default -> responses.methodNotAllowed(method, normalized, "GET, PUT");
            };
        }
        if ((m = TRIGGER_SECRETS.matcher(normalized)).matches()) {
            return method.equals("POST") ? responses.secretRotation(secrets.rotate(m.group(1), request.bodyText()))
                    : responses.methodNotAllowed(method, normalized, "POST");
        }
        if ((m = TRIGGER_SECRET.matcher(normalized)).matches()) {
            return method.equals("DELETE") ? responses.secretRetirement(secrets.retire(m.group(1), m.group(2)))
                    : responses.methodNotAllowed(method, normalized, "DELETE");
        }
        if (normalized.equals(RUNS)) {
            return method.equals("GET")
                    ? responses.runs(runs.list(request.query().get("triggerId"), request.query().get("status"),
                            request.query().get("limit")))
                    : responses.methodNotAllowed(method, normalized, "GET");
        }
        if ((m = RUN.matcher(normalized)).matches()) {
            return method.equals("GET") ? responses.run(runDetails.get(m.group(1), request.query().get("frame")))
                    : responses.methodNotAllowed(method, normalized, "GET");
        }
        // cancel, replay, dead letters
        if ((m = RUN_CANCEL.matcher(normalized)).matches()) {
            return method.equals("POST") ? ops.cancel(cancels.cancel(m.group(1)))
                    : responses.methodNotAllowed(method, normalized, "POST");
        }
        if ((m = RUN_REPLAY.matcher(normalized)).matches()) {
            return method.equals("POST") ? ops.replay(replays.replay(m.group(1), request.body()))
                    : responses.methodNotAllowed(method, normalized, "POST");
        }
        if (normalized.equals(DEAD_LETTERS)) {
            return method.equals("GET") ? ops.deadLetters(deadLetters.list(request.query().get("limit")))
                    : responses.methodNotAllowed(method, normalized, "GET");
        }
        if (normalized.equals(DEAD_LETTERS_REDRIVE)) {
            return method.equals("POST") ? ops.redrive(deadLetters.redrive())
                    : responses.methodNotAllowed(method, normalized, "POST");
        }
        if (normalized.equals(DEAD_LETTERS_REDRIVES)) {
            return method.equals("GET") ? ops.redrives(deadLetters.redrives())
                    : responses.methodNotAllowed(method, normalized, "GET");
        }
        return responses.notFound(normalized);
    }
}

package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpApiRequest;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin API's routes: a table of (method, path template, handler), matched in order; each handler calls one use
 * case and maps its outcome to a response ({@link AdminResponses}, {@link ListResponses}, {@link OpsResponses}). A path
 * the table knows asked with another method is answered 405 with {@code Allow}; any other path 404. A table of
 * templates is clearer, and much lighter in the jar and at cold start, than a web framework's router; its read-only
 * view ({@link #table()}) is what the OpenAPI document is checked against. Nothing is caught here: a store outage
 * reaches {@code HttpApiHandler} (503 with {@code Retry-After}), and so does a bug (500 with the request id).
 */
@Singleton
public class AdminRoutes {

    /** A route as the OpenAPI document names it: method and path template ({@code /admin/runs/{runId}}). */
    public record RouteSpec(String method, String template) {
    }

    /** What a handler gets: the request, its path parameters by name, the invocation's remaining time. */
    record Call(HttpApiRequest request, Map<String, String> pathParameters, Duration remaining) {

        /** The path parameter {@code name} of the route's template, as it stands in the path. */
        String path(String name) {
            return pathParameters.get(name);
        }

        Map<String, String> query() {
            return request.query();
        }
    }

    @FunctionalInterface
    interface Handler {
        APIGatewayV2HTTPResponse handle(Call call);
    }

    private record Route(String method, String template, Pattern pattern, List<String> names, Handler handler) {

        RouteSpec spec() {
            return new RouteSpec(method, template);
        }
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");
    /** {@code /callbacks/{token}/{action}}, and anything else under /callbacks (answered without echoing the path). */
    private static final Pattern CALLBACK = Pattern.compile("/callbacks/([^/]+)/([^/]+)/?");
    private static final String CALLBACKS = "/callbacks/";

    private final List<Route> routes = new ArrayList<>();
    private final AdminResponses responses;
    private final CallbackAdmin callbacks;
    private final CallbackResponses callbackResponses;

    public AdminRoutes(WorkflowAdmin workflows, TriggerAdmin triggers, TriggerSecrets secrets, RunAdmin runs,
                       RunDetails runDetails, RunStartAdmin starts, AdminResponses responses, ListResponses lists,
                       CallbackAdmin callbacks, CallbackResponses callbackResponses, RunCancel cancels,
                       RunReplay replays, DeadLetterAdmin deadLetters, OpsResponses ops, OpenApiDocument openApi) {
        this.responses = responses;
        this.callbacks = callbacks;
        this.callbackResponses = callbackResponses;

        route("GET", "/admin/workflows", c -> lists.workflows(workflows.list(c.query())));
        route("GET", "/admin/workflows/{workflowId}", c -> responses.workflow(workflows.get(c.path("workflowId"))));
        route("PUT", "/admin/workflows/{workflowId}",
                c -> responses.workflowSave(workflows.put(c.path("workflowId"), c.request().bodyText())));
        route("DELETE", "/admin/workflows/{workflowId}", c -> lists.retirement(workflows.retire(c.path("workflowId"))));
        route("GET", "/admin/workflows/{workflowId}/versions",
                c -> lists.versions(workflows.versions(c.path("workflowId"), c.query())));
        route("GET", "/admin/workflows/{workflowId}/versions/{version}",
                c -> lists.version(workflows.version(c.path("workflowId"), c.path("version"))));
        route("POST", "/admin/workflows/{workflowId}/runs", c -> responses.runStart(starts.start(c.path("workflowId"),
                c.query().get("name"), c.request().body(), c.remaining())));

        route("GET", "/admin/triggers", c -> lists.triggers(triggers.list(c.query())));
        route("GET", "/admin/triggers/{triggerId}", c -> responses.trigger(triggers.get(c.path("triggerId"))));
        route("PUT", "/admin/triggers/{triggerId}",
                c -> responses.triggerSave(triggers.put(c.path("triggerId"), c.request().bodyText())));
        route("DELETE", "/admin/triggers/{triggerId}",
                c -> lists.triggerDeletion(c.path("triggerId"), triggers.delete(c.path("triggerId"))));
        route("POST", "/admin/triggers/{triggerId}/disable",
                c -> lists.trigger(triggers.setEnabled(c.path("triggerId"), false)));
        route("POST", "/admin/triggers/{triggerId}/enable",
                c -> lists.trigger(triggers.setEnabled(c.path("triggerId"), true)));
        route("POST", "/admin/triggers/{triggerId}/secrets",
                c -> responses.secretRotation(secrets.rotate(c.path("triggerId"), c.request().bodyText())));
        route("DELETE", "/admin/triggers/{triggerId}/secrets/{secretId}",
                c -> responses.secretRetirement(secrets.retire(c.path("triggerId"), c.path("secretId"))));

        route("GET", "/admin/runs", c -> lists.runs(runs.list(c.query())));
        route("GET", "/admin/runs/{runId}",
                c -> responses.run(runDetails.get(c.path("runId"), c.query().get("frame"))));
        route("POST", "/admin/runs/{runId}/cancel", c -> ops.cancel(cancels.cancel(c.path("runId"))));
        route("POST", "/admin/runs/{runId}/replay",
                c -> ops.replay(replays.replay(c.path("runId"), c.request().body())));

        route("GET", "/admin/dead-letters", c -> ops.deadLetters(deadLetters.list(c.query().get("limit"))));
        route("POST", "/admin/dead-letters/redrive", c -> ops.redrive(deadLetters.redrive()));
        route("GET", "/admin/dead-letters/redrives", c -> ops.redrives(deadLetters.redrives()));

        route("GET", "/admin/openapi.json", c -> openApi.answer());
    }

    /** Every route, in matching order: method and path template. */
    public List<RouteSpec> table() {
        return routes.stream().map(Route::spec).toList();
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
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(normalized);
            if (!m.matches()) {
                continue;
            }
            if (route.method().equals(method)) {
                Map<String, String> parameters = new HashMap<>();
                for (String name : route.names()) {
                    parameters.put(name, m.group(name));
                }
                return route.handler().handle(new Call(request, parameters, remaining));
            }
            allowed.add(route.method());
        }
        return allowed.isEmpty() ? responses.notFound(normalized)
                : responses.methodNotAllowed(method, normalized, String.join(", ", allowed));
    }

    private void route(String method, String template, Handler handler) {
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        Matcher m = PARAMETER.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append("(?<").append(m.group(1)).append(">[^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, template, Pattern.compile(regex.toString()), List.copyOf(names), handler));
    }
}

package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpResponses;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin API's routes. A handful of fixed paths: a table of patterns is clearer, and much lighter in
 * the jar and at cold start, than a web framework's router.
 */
@Singleton
public class AdminRoutes {

    private static final Pattern WORKFLOW = Pattern.compile("/admin/workflows/([^/]+)");
    private static final Pattern TRIGGER = Pattern.compile("/admin/triggers/([^/]+)");
    private static final Pattern RUN = Pattern.compile("/admin/runs/([^/]+)");
    private static final String RUNS = "/admin/runs";

    private final WorkflowAdmin workflows;
    private final TriggerAdmin triggers;
    private final RunAdmin runs;
    private final HttpResponses responses;

    public AdminRoutes(WorkflowAdmin workflows, TriggerAdmin triggers, RunAdmin runs, HttpResponses responses) {
        this.workflows = workflows;
        this.triggers = triggers;
        this.runs = runs;
        this.responses = responses;
    }

    public APIGatewayV2HTTPResponse handle(String method, String path, Map<String, String> query, String body) {
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Matcher m;
        if ((m = WORKFLOW.matcher(normalized)).matches()) {
            return switch (method) {
                case "PUT" -> workflows.put(m.group(1), body);
                case "GET" -> workflows.get(m.group(1));
                default -> notAllowed(method, normalized, "GET, PUT");
            };
        }
        if ((m = TRIGGER.matcher(normalized)).matches()) {
            return switch (method) {
                case "PUT" -> triggers.put(m.group(1), body);
                case "GET" -> triggers.get(m.group(1));
                default -> notAllowed(method, normalized, "GET, PUT");
            };
        }
        if (normalized.equals(RUNS)) {
            return method.equals("GET") ? runs.list(query) : notAllowed(method, normalized, "GET");
        }
        if ((m = RUN.matcher(normalized)).matches()) {
            return method.equals("GET") ? runs.get(m.group(1)) : notAllowed(method, normalized, "GET");
        }
        return responses.problem(404, "not-found", "Not found", "no admin resource at " + normalized);
    }

    private APIGatewayV2HTTPResponse notAllowed(String method, String path, String allowed) {
        return responses.problem(io.hookrun.lambda.http.ProblemDetail.of(405, "method-not-allowed", "Method not allowed",
                method + " is not supported on " + path), Map.of("Allow", allowed));
    }
}

package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.lambda.http.HttpResponses;
import io.hookrun.lambda.http.ProblemDetail;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * The admin API's answers: each use case's outcome as an HTTP response, a 200 with its {@link AdminViews view} or
 * an RFC 9457 problem. The statuses and bodies are the ones the README documents.
 */
@Singleton
public class AdminResponses {

    private final HttpResponses responses;
    private final AdminViews views;

    public AdminResponses(HttpResponses responses, AdminViews views) {
        this.responses = responses;
        this.views = views;
    }

    public APIGatewayV2HTTPResponse workflowSave(WorkflowSave outcome) {
        return switch (outcome) {
            case WorkflowSave.Saved(StoredWorkflow workflow) -> responses.json(200, views.workflow(workflow));
            case InvalidId(String problem) -> invalidId(problem);
            case WorkflowSave.NoDefinition() -> responses.problem(400, "invalid-workflow", "Invalid workflow",
                    "the body must be an Amazon States Language definition");
            case WorkflowSave.TooLarge(int maxBytes) -> responses.problem(413, "payload-too-large",
                    "Definition too large", "a definition may have at most " + maxBytes + " bytes");
            case WorkflowSave.Invalid(List<String> problems) ->
                    invalid("invalid-workflow", "Invalid workflow", "definition", problems);
        };
    }

    public APIGatewayV2HTTPResponse workflow(Lookup<StoredWorkflow> lookup) {
        return switch (lookup) {
            case Lookup.Found<StoredWorkflow>(StoredWorkflow workflow) -> responses.json(200, views.workflow(workflow));
            case Lookup.NotFound<StoredWorkflow>(String id) -> responses.problem(404, "unknown-workflow",
                    "Unknown workflow", "no workflow has the id '" + id + "'");
        };
    }

    public APIGatewayV2HTTPResponse triggerSave(TriggerSave outcome) {
        return switch (outcome) {
            case TriggerSave.Saved(Trigger trigger) -> responses.json(200, views.trigger(trigger));
            case InvalidId(String problem) -> invalidId(problem);
            case TriggerSave.Invalid(List<String> problems) ->
                    invalid("invalid-trigger", "Invalid trigger", "trigger", problems);
        };
    }

    public APIGatewayV2HTTPResponse trigger(Lookup<Trigger> lookup) {
        return switch (lookup) {
            case Lookup.Found<Trigger>(Trigger trigger) -> responses.json(200, views.trigger(trigger));
            case Lookup.NotFound<Trigger>(String id) -> responses.problem(404, "unknown-trigger",
                    "Unknown trigger", "no trigger has the id '" + id + "'");
        };
    }

    public APIGatewayV2HTTPResponse run(RunLookup lookup) {
        return switch (lookup) {
            case RunLookup.Found found -> responses.json(200, views.run(found.run(), found.states()));
            case RunLookup.NotFound(String runId) -> responses.problem(404, "unknown-run", "Unknown run",
                    "no run has the id " + runId
                            + " (an accepted event is recorded as a run when it is first processed)");
            case RunLookup.NotARunId(String runId) -> responses.problem(400, "invalid-id", "Invalid run id",
                    "'" + runId + "' is not a run id (a UUID)");
        };
    }

    public APIGatewayV2HTTPResponse runs(RunListing listing) {
        return switch (listing) {
            case RunListing.RunPage page -> responses.json(200, page.runs().stream().map(views::summary).toList());
            case RunListing.InvalidQuery(String problem) ->
                    responses.problem(400, "invalid-query", "Invalid query", problem);
        };
    }

    public APIGatewayV2HTTPResponse notFound(String path) {
        return responses.problem(404, "not-found", "Not found", "no admin resource at " + path);
    }

    public APIGatewayV2HTTPResponse methodNotAllowed(String method, String path, String allowed) {
        return responses.problem(ProblemDetail.of(405, "method-not-allowed", "Method not allowed",
                method + " is not supported on " + path), Map.of("Allow", allowed));
    }

    private APIGatewayV2HTTPResponse invalidId(String problem) {
        return responses.problem(400, "invalid-id", "Invalid id", problem);
    }

    private APIGatewayV2HTTPResponse invalid(String slug, String title, String what, List<String> problems) {
        return responses.problem(ProblemDetail.of(400, slug, title, problems.size() + " problem(s) in the " + what)
                .withProblems(problems), Map.of());
    }
}

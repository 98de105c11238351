package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.lambda.http.HttpResponses;
import io.hookrun.lambda.http.ProblemDetail;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The admin API's answers: each use case's outcome as an HTTP response, a 200 with its {@link AdminViews view} or
 * an RFC 9457 problem. The statuses and bodies are the ones the README documents.
 */
@Singleton
public class AdminResponses {

    /** Marks the answer to a start that was accepted before (the webhook path marks replays the same way). */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final String RETRY_AFTER_HEADER = "Retry-After";

    /**
     * On the one answer that carries a secret value: no cache, shared or private, may keep it.
     * https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2.5
     */
    static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store");

    private final HttpResponses responses;
    private final AdminViews views;
    private final Clock clock;

    public AdminResponses(HttpResponses responses, AdminViews views, Clock clock) {
        this.responses = responses;
        this.views = views;
        this.clock = clock;
    }

    public APIGatewayV2HTTPResponse workflowSave(WorkflowSave outcome) {
        return switch (outcome) {
            case WorkflowSave.Saved saved when saved.created() -> responses.json(201, views.workflow(saved.workflow()),
                    Map.of("Location", "/admin/workflows/" + saved.workflow().id()));
            case WorkflowSave.Saved(StoredWorkflow workflow) -> responses.json(200, views.workflow(workflow));
            case WorkflowSave.Conflict(String id) -> responses.problem(409, "workflow-conflict", "Workflow conflict",
                    "workflow '" + id + "' was saved by another request at the same moment; nothing was saved, save"
                            + " again");
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
            case Lookup.NotFound<StoredWorkflow>(String id) -> unknownWorkflow(id);
        };
    }

    public APIGatewayV2HTTPResponse triggerSave(TriggerSave outcome) {
        return switch (outcome) {
            case TriggerSave.Saved(Trigger trigger) -> responses.json(200, views.trigger(trigger, clock.instant()));
            case InvalidId(String problem) -> invalidId(problem);
            case TriggerSave.Invalid(List<String> problems) ->
                    invalid("invalid-trigger", "Invalid trigger", "trigger", problems);
        };
    }

    public APIGatewayV2HTTPResponse trigger(Lookup<Trigger> lookup) {
        return switch (lookup) {
            case Lookup.Found<Trigger>(Trigger trigger) -> responses.json(200, views.trigger(trigger, clock.instant()));
            case Lookup.NotFound<Trigger>(String id) -> unknownTrigger(id);
        };
    }

    public APIGatewayV2HTTPResponse secretRotation(SecretRotation outcome) {
        return switch (outcome) {
            case SecretRotation.Rotated r -> responses.json(201,
                    new AdminViews.RotatedSecretView(r.id(), r.secret(), r.createdAt(), r.previousExpireAt()), NO_STORE);
            case SecretRotation.InvalidId(String problem) -> invalidId(problem);
            case SecretRotation.UnknownTrigger(String id) -> unknownTrigger(id);
            case SecretRotation.Invalid(List<String> problems) ->
                    invalid("invalid-rotation", "Invalid rotation", "rotation", problems);
            case SecretRotation.SchemeTakesNoSecret(String scheme) -> responses.problem(409, "scheme-takes-no-secret",
                    "Scheme takes no secret", "the trigger's signature scheme is " + scheme + ", which verifies nothing"
                            + " and takes no secret; PUT the trigger with a signing scheme first");
            case SecretRotation.TooManySecrets(int max) -> responses.problem(409, "too-many-secrets",
                    "Too many secrets", "the trigger already has " + max + " active secrets; retire one"
                            + " (DELETE /admin/triggers/{id}/secrets/{secretId}) or rotate with overlapSeconds 0");
        };
    }

    public APIGatewayV2HTTPResponse secretRetirement(SecretRetirement outcome) {
        return switch (outcome) {
            case SecretRetirement.Retired() -> noContent();
            case SecretRetirement.InvalidId(String problem) -> invalidId(problem);
            case SecretRetirement.UnknownTrigger(String id) -> unknownTrigger(id);
            case SecretRetirement.UnknownSecret(String triggerId, String secretId) -> responses.problem(404,
                    "unknown-secret", "Unknown secret", "trigger '" + triggerId + "' has no secret with that id"
                            + " (GET /admin/triggers/" + triggerId + " lists them)");
            case SecretRetirement.LastActiveSecret(String triggerId, String secretId) -> responses.problem(409,
                    "last-active-secret", "Last active secret", "secret " + secretId + " is the last active secret of"
                            + " trigger '" + triggerId + "': without it every delivery would be refused. Add one first"
                            + " (POST /admin/triggers/" + triggerId + "/secrets), then retire this one");
        };
    }

    public APIGatewayV2HTTPResponse run(RunLookup lookup) {
        return switch (lookup) {
            case RunLookup.Found found -> responses.json(200, views.run(found));
            case RunLookup.NotFound(String runId) -> responses.problem(404, "unknown-run", "Unknown run",
                    "no run has the id " + runId + " (an accepted event or start is recorded as a run when it is first"
                            + " processed)");
            case RunLookup.NotARunId(String runId) -> responses.problem(400, "invalid-id", "Invalid run id",
                    "'" + runId + "' is not a run id (a UUID)");
            case RunLookup.UnknownFrame(String runId, String frame) -> responses.problem(404, "unknown-frame",
                    "Unknown frame", "run " + runId + " has no branch frame '" + frame + "'");
            case RunLookup.InvalidFrame(String frame) -> responses.problem(400, "invalid-query", "Invalid query",
                    "frame must be '" + RunDetails.ROOT + "' (the main chain) or a branch frame such as 3.12 or 3.0/5.12,"
                            + " not '" + frame + "'");
        };
    }

    public APIGatewayV2HTTPResponse runStart(RunStart outcome) {
        return switch (outcome) {
            case RunStart.Started(StartAnswer run) -> responses.json(202, run);
            case RunStart.Replayed(StartAnswer run) -> responses.json(200, run, Map.of(REPLAYED_HEADER, "true"));
            case InvalidId(String problem) -> invalidId(problem);
            case RunStart.InvalidName(String problem) -> responses.problem(400, "invalid-name", "Invalid run name", problem);
            case RunStart.InvalidInput(String problem) -> responses.problem(400, "invalid-input", "Invalid run input",
                    problem);
            case RunStart.InputTooLarge(int bytes, int maxBytes, boolean queued) -> responses.problem(413,
                    "payload-too-large", "Input too large", queued
                            ? "as a start message the input takes " + bytes + " bytes (its quotes and backslashes"
                                    + " escaped), over the " + maxBytes + " bytes a message on the steps queue may have"
                            : "a run's input may have at most " + maxBytes + " bytes of UTF-8 (StartExecution's limit);"
                                    + " this one has " + bytes);
            case RunStart.UnknownWorkflow(String id) -> unknownWorkflow(id);
            case RunStart.WorkflowRetired(String id) -> responses.problem(409, "workflow-retired", "Workflow retired",
                    "workflow '" + id + "' is retired and starts no new run; PUT it again to bring it back");
            case RunStart.NameTaken(String workflowId, String name, String runId, boolean ended) -> responses.problem(409,
                    "execution-already-exists", "Execution already exists", ended
                            ? "the run named '" + name + "' of workflow '" + workflowId + "' (run " + runId + ") has ended;"
                                    + " a name starts one run (StartExecution's ExecutionAlreadyExists)"
                            : "a run named '" + name + "' of workflow '" + workflowId + "' was started with another"
                                    + " input (StartExecution's ExecutionAlreadyExists)");
            case RunStart.StartInProgress(String name, Duration retryAfter) -> responses.problem(ProblemDetail.of(409,
                    "start-in-progress", "Start in progress", "another request is starting the run named '" + name
                            + "' right now; ask again in " + seconds(retryAfter) + " s"),
                    Map.of(RETRY_AFTER_HEADER, Long.toString(seconds(retryAfter))));
            case RunStart.NotQueued(boolean named, Duration retryAfter) -> responses.problem(ProblemDetail.of(503,
                    "unavailable", "Temporarily unavailable", named
                            ? "SQS did not confirm the start, so the run may or may not start; ask again with the same"
                                    + " name and input: that starts it at most once"
                            : "SQS did not confirm the start, so the run may or may not start; asking again may start a"
                                    + " second run (a name makes a start safe to retry)"),
                    Map.of(RETRY_AFTER_HEADER, Long.toString(seconds(retryAfter))));
        };
    }

    public APIGatewayV2HTTPResponse notFound(String path) {
        return responses.problem(404, "not-found", "Not found", "no admin resource at " + path);
    }

    public APIGatewayV2HTTPResponse methodNotAllowed(String method, String path, String allowed) {
        return responses.problem(ProblemDetail.of(405, "method-not-allowed", "Method not allowed",
                method + " is not supported on " + path), Map.of("Allow", allowed));
    }

    /** 204: done, nothing to show. */
    static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(Map.of()).withIsBase64Encoded(false)
                .build();
    }

    APIGatewayV2HTTPResponse unknownTrigger(String id) {
        return responses.problem(404, "unknown-trigger", "Unknown trigger", "no trigger has the id '" + id + "'");
    }

    APIGatewayV2HTTPResponse unknownWorkflow(String id) {
        return responses.problem(404, "unknown-workflow", "Unknown workflow", "no workflow has the id '" + id + "'");
    }

    /** Whole seconds, rounded up and at least 1: Retry-After takes seconds, and 0 would invite a busy loop. */
    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private APIGatewayV2HTTPResponse invalidId(String problem) {
        return responses.problem(400, "invalid-id", "Invalid id", problem);
    }

    private APIGatewayV2HTTPResponse invalid(String slug, String title, String what, List<String> problems) {
        return responses.problem(ProblemDetail.of(400, slug, title, problems.size() + " problem(s) in the " + what)
                .withProblems(problems), Map.of());
    }
}

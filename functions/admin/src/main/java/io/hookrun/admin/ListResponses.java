package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookrun.core.page.Page;
import io.hookrun.core.run.Run;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.core.workflow.WorkflowVersion;
import io.hookrun.lambda.http.HttpResponses;
import io.hookrun.lambda.http.ProblemDetail;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The answers of the routes ADR 0009 adds or reshapes: the lists ({@code {"items": [...], "nextToken": "..."}}),
 * workflow versions and retirement, enabling, disabling and deleting triggers. Every list answers the same
 * {@code 400 invalid-query} problem, naming the parameter, for a query it cannot use.
 */
@Singleton
public class ListResponses {

    /** An enabled trigger that keeps a workflow from being retired, and where to disable it. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record EnabledTrigger(String triggerId, String disable) {
    }

    private final HttpResponses responses;
    private final AdminResponses admin;
    private final AdminViews views;
    private final Clock clock;

    public ListResponses(HttpResponses responses, AdminResponses admin, AdminViews views, Clock clock) {
        this.responses = responses;
        this.admin = admin;
        this.views = views;
        this.clock = clock;
    }

    public APIGatewayV2HTTPResponse runs(Listing<Run> listing) {
        return page(listing, views::summary, admin::notFound);
    }

    public APIGatewayV2HTTPResponse workflows(Listing<StoredWorkflow> listing) {
        return page(listing, views::workflowSummary, admin::notFound);
    }

    public APIGatewayV2HTTPResponse triggers(Listing<Trigger> listing) {
        Instant now = clock.instant();
        return page(listing, trigger -> views.trigger(trigger, now), admin::notFound);
    }

    public APIGatewayV2HTTPResponse versions(Listing<WorkflowVersion> listing) {
        return page(listing, views::version, admin::unknownWorkflow);
    }

    public APIGatewayV2HTTPResponse version(VersionLookup lookup) {
        return switch (lookup) {
            case VersionLookup.Found(StoredWorkflow version) -> responses.json(200, views.version(version));
            case VersionLookup.InvalidVersion ignored -> responses.problem(400, "invalid-version", "Invalid version",
                    "the version in the path must be a whole number from 1");
            case VersionLookup.UnknownWorkflow(String id) -> admin.unknownWorkflow(id);
            case VersionLookup.UnknownVersion(String id, String version, int latest) -> responses.problem(404,
                    "unknown-version", "Unknown version", "workflow '" + id + "' has no version " + version
                            + "; its versions are 1 to " + latest);
        };
    }

    public APIGatewayV2HTTPResponse retirement(WorkflowRetirement retirement) {
        return switch (retirement) {
            case WorkflowRetirement.Retired ignored -> AdminResponses.noContent();
            case WorkflowRetirement.NotFound(String id) -> admin.unknownWorkflow(id);
            case WorkflowRetirement.StillTriggered(String id, List<String> triggerIds) -> responses.problem(
                    ProblemDetail.of(409, "workflow-has-enabled-triggers", "Workflow has enabled triggers",
                            "workflow '" + id + "' is the workflow of enabled trigger(s) "
                                    + String.join(", ", triggerIds)
                                    + "; disable or delete them first (POST /admin/triggers/{id}/disable)")
                            .withErrors(triggerIds.stream()
                                    .map(t -> new EnabledTrigger(t, "/admin/triggers/" + t + "/disable")).toList()),
                    Map.of());
        };
    }

    /** The trigger after {@code enable} or {@code disable}. */
    public APIGatewayV2HTTPResponse trigger(Lookup<Trigger> lookup) {
        return admin.trigger(lookup);
    }

    public APIGatewayV2HTTPResponse triggerDeletion(String id, boolean deleted) {
        return deleted ? AdminResponses.noContent() : admin.unknownTrigger(id);
    }

    private <T> APIGatewayV2HTTPResponse page(Listing<T> listing, Function<T, ?> view,
                                              Function<String, APIGatewayV2HTTPResponse> notFound) {
        return switch (listing) {
            case Listing.Found<T>(Page<T> page) -> responses.json(200,
                    new AdminViews.PageView<>(page.items().stream().<Object>map(view).toList(), page.nextToken()));
            case Listing.InvalidQuery<T>(String problem) ->
                    responses.problem(400, "invalid-query", "Invalid query", problem);
            case Listing.NotFound<T>(String id) -> notFound.apply(id);
        };
    }
}

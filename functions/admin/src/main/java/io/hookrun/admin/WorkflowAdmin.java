package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.asl.InvalidDefinitionException;
import io.hookrun.asl.StateMachine;
import io.hookrun.lambda.http.HttpResponses;
import io.hookrun.lambda.http.ProblemDetail;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.core.json.JsonText;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;


/** {@code PUT|GET /admin/workflows/{id}}: Amazon States Language definitions, validated before they are stored. */
@Singleton
public class WorkflowAdmin {

    /** DynamoDB items hold 400 KB; leave room for the other attributes. */
    static final int MAX_DEFINITION_BYTES = 350 * 1024;

    /** What the API shows of a workflow. */
    @Serdeable
    public record WorkflowView(String id, Object definition, Instant createdAt, Instant updatedAt) {
    }

    private final WorkflowStore store;
    private final HttpResponses responses;
    private final JsonText json;
    private final Clock clock;

    public WorkflowAdmin(WorkflowStore store, HttpResponses responses, JsonText json, Clock clock) {
        this.store = store;
        this.responses = responses;
        this.json = json;
        this.clock = clock;
    }

    public APIGatewayV2HTTPResponse put(String id, String body) {
        String idProblem = ResourceIds.problem("workflow", id);
        if (idProblem != null) {
            return responses.problem(400, "invalid-id", "Invalid id", idProblem);
        }
        if (body == null || body.isBlank()) {
            return responses.problem(400, "invalid-workflow", "Invalid workflow", "the body must be an Amazon States Language definition");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_DEFINITION_BYTES) {
            return responses.problem(413, "payload-too-large", "Definition too large",
                    "a definition may have at most " + MAX_DEFINITION_BYTES + " bytes");
        }
        try {
            StateMachine.parse(body);
        } catch (InvalidDefinitionException e) {
            return responses.problem(ProblemDetail.of(400, "invalid-workflow", "Invalid workflow",
                    e.problems().size() + " problem(s) in the definition").withProblems(e.problems()), java.util.Map.of());
        }
        StoredWorkflow saved = store.save(id, body, clock.instant());
        return responses.json(200, view(saved));
    }

    public APIGatewayV2HTTPResponse get(String id) {
        return store.find(id).map(w -> responses.json(200, view(w)))
                .orElseGet(() -> responses.problem(404, "unknown-workflow", "Unknown workflow", "no workflow has the id '" + id + "'"));
    }

    private WorkflowView view(StoredWorkflow workflow) {
        return new WorkflowView(workflow.id(), json.parse(workflow.definition()), workflow.createdAt(), workflow.updatedAt());
    }

}

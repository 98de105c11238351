package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpResponses;
import io.hookrun.lambda.http.ProblemDetail;
import io.hookrun.core.signature.SignatureScheme;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerStore;
import io.hookrun.core.workflow.WorkflowStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PUT|GET /admin/triggers/{id}}. Secrets go in and never come out: views show how many are active.
 */
@Singleton
public class TriggerAdmin {

    static final int MAX_SECRETS = 10;

    /** The PUT body. */
    @Serdeable
    public record TriggerRequest(@Nullable String workflowId, @Nullable SignatureRequest signature) {
    }

    /** The signature part of the PUT body. */
    @Serdeable
    public record SignatureRequest(@Nullable String scheme, @Nullable List<String> secrets) {
    }

    /** What the API shows of a trigger. */
    @Serdeable
    public record TriggerView(String id, String workflowId, SignatureView signature, String webhookPath,
                              Instant createdAt, Instant updatedAt) {
    }

    /** The signature settings without the secrets. */
    @Serdeable
    public record SignatureView(String scheme, int activeSecrets) {
    }

    private final TriggerStore triggers;
    private final WorkflowStore workflows;
    private final SignatureVerifier verifier;
    private final HttpResponses responses;
    private final JsonMapper json;
    private final Clock clock;

    public TriggerAdmin(TriggerStore triggers, WorkflowStore workflows, SignatureVerifier verifier,
                        HttpResponses responses, JsonMapper json, Clock clock) {
        this.triggers = triggers;
        this.workflows = workflows;
        this.verifier = verifier;
        this.responses = responses;
        this.json = json;
        this.clock = clock;
    }

    public APIGatewayV2HTTPResponse put(String id, String body) {
        String idProblem = ResourceIds.problem("trigger", id);
        if (idProblem != null) {
            return responses.problem(400, "invalid-id", "Invalid id", idProblem);
        }
        TriggerRequest request;
        try {
            request = body == null || body.isBlank() ? null
                    : json.readValue(body.getBytes(StandardCharsets.UTF_8), TriggerRequest.class);
        } catch (IOException e) {
            // The parser's message may quote the body, and the body holds secrets: say only what is expected.
            return invalid(List.of("the body is not a JSON object of the form {\"workflowId\": ..., \"signature\": {\"scheme\": ..., \"secrets\": [...]}}"));
        }
        List<String> problems = validate(request);
        if (!problems.isEmpty()) {
            return invalid(problems);
        }
        Trigger saved = triggers.save(id, request.workflowId(), request.signature().scheme(),
                request.signature().secrets(), clock.instant());
        return responses.json(200, view(saved));
    }

    public APIGatewayV2HTTPResponse get(String id) {
        return triggers.find(id).map(t -> responses.json(200, view(t)))
                .orElseGet(() -> responses.problem(404, "unknown-trigger", "Unknown trigger", "no trigger has the id '" + id + "'"));
    }

    private List<String> validate(TriggerRequest request) {
        List<String> problems = new ArrayList<>();
        if (request == null) {
            return List.of("the body must be a JSON object with workflowId and signature");
        }
        if (request.workflowId() == null || request.workflowId().isBlank()) {
            problems.add("workflowId is required");
        } else if (workflows.find(request.workflowId()).isEmpty()) {
            problems.add("workflowId: no workflow has the id '" + request.workflowId() + "'");
        }
        SignatureRequest signature = request.signature();
        if (signature == null) {
            problems.add("signature is required: {\"scheme\": \"standard-webhooks\", \"secrets\": [\"whsec_...\"]}");
            return problems;
        }
        Optional<SignatureScheme> scheme = signature.scheme() == null ? Optional.empty() : verifier.scheme(signature.scheme());
        if (scheme.isEmpty()) {
            problems.add("signature.scheme must be one of " + verifier.schemeNames());
        }
        List<String> secrets = signature.secrets() == null ? List.of() : signature.secrets();
        if (secrets.isEmpty()) {
            problems.add("signature.secrets needs at least one secret");
        } else if (secrets.size() > MAX_SECRETS) {
            problems.add("signature.secrets may hold at most " + MAX_SECRETS + " active secrets");
        }
        if (scheme.isPresent()) {
            for (int i = 0; i < secrets.size(); i++) {
                String problem = scheme.get().secretProblem(secrets.get(i));
                if (problem != null) {
                    problems.add("signature.secrets[" + i + "]: " + problem);
                }
            }
        }
        return problems;
    }

    private APIGatewayV2HTTPResponse invalid(List<String> problems) {
        return responses.problem(ProblemDetail.of(400, "invalid-trigger", "Invalid trigger",
                problems.size() + " problem(s) in the trigger").withProblems(problems), Map.of());
    }

    private static TriggerView view(Trigger trigger) {
        return new TriggerView(trigger.id(), trigger.workflowId(),
                new SignatureView(trigger.signatureScheme(), trigger.secrets().size()),
                "/hooks/" + trigger.id(), trigger.createdAt(), trigger.updatedAt());
    }
}

package io.hookrun.admin;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code PUT|GET /admin/triggers/{id}}. Secrets go in and never come out: no problem this class reports quotes a
 * secret or the request body, and the HTTP side shows only how many secrets are active.
 */
@Singleton
public class TriggerAdmin {

    static final int MAX_SECRETS = 10;

    static final String NOT_A_TRIGGER_OBJECT = "the body is not a JSON object of the form "
            + "{\"workflowId\": ..., \"signature\": {\"scheme\": ..., \"secrets\": [...]}}";

    /** The PUT body. */
    @Serdeable
    public record TriggerRequest(@Nullable String workflowId, @Nullable SignatureRequest signature) {
    }

    /** The signature part of the PUT body. */
    @Serdeable
    public record SignatureRequest(@Nullable String scheme, @Nullable List<String> secrets) {
    }

    private final TriggerStore triggers;
    private final WorkflowStore workflows;
    private final SignatureVerifier verifier;
    private final JsonMapper json;
    private final Clock clock;

    public TriggerAdmin(TriggerStore triggers, WorkflowStore workflows, SignatureVerifier verifier, JsonMapper json,
                        Clock clock) {
        this.triggers = triggers;
        this.workflows = workflows;
        this.verifier = verifier;
        this.json = json;
        this.clock = clock;
    }

    /** Validates {@code body} (the PUT body, JSON text) whole and stores the trigger under {@code id}. */
    public TriggerSave put(String id, @Nullable String body) {
        String idProblem = ResourceIds.problem("trigger", id);
        if (idProblem != null) {
            return new InvalidId(idProblem);
        }
        TriggerRequest request;
        try {
            request = body == null || body.isBlank() ? null
                    : json.readValue(body.getBytes(StandardCharsets.UTF_8), TriggerRequest.class);
        } catch (IOException e) {
            // The parser's message quotes the offending token, and the body holds secrets: say only what is expected.
            return new TriggerSave.Invalid(List.of(NOT_A_TRIGGER_OBJECT));
        }
        List<String> problems = validate(request);
        if (!problems.isEmpty()) {
            return new TriggerSave.Invalid(problems);
        }
        return new TriggerSave.Saved(triggers.save(id, request.workflowId(), request.signature().scheme(),
                request.signature().secrets(), clock.instant()));
    }

    public Lookup<Trigger> get(String id) {
        return Lookup.of(id, triggers.find(id));
    }

    private List<String> validate(@Nullable TriggerRequest request) {
        if (request == null) {
            return List.of("the body must be a JSON object with workflowId and signature");
        }
        List<String> problems = new ArrayList<>();
        // No problem quotes a value from the body: one may be a secret pasted into the wrong field.
        String workflowId = request.workflowId();
        if (workflowId == null || workflowId.isBlank()) {
            problems.add("workflowId is required");
        } else if (ResourceIds.problem("workflow", workflowId) != null) {
            problems.add("workflowId: " + ResourceIds.problem("workflow", workflowId));
        } else if (workflows.find(workflowId).isEmpty()) {
            problems.add("workflowId: no workflow has this id");
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
}

package io.hookrun.admin;

import io.hookrun.core.page.InvalidPageTokenException;
import io.hookrun.core.secrets.SecretsUnreadableException;
import io.hookrun.core.signature.SignatureScheme;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerSecret;
import io.hookrun.core.trigger.TriggerStore;
import io.hookrun.core.workflow.WorkflowStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
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
 * {@code /admin/triggers}: PUT, GET, list, enable, disable, DELETE. Secrets go in and never come out: no problem this
 * class reports quotes a secret or any value of the body, and the views show secret ids and times only
 * ({@link AdminViews}).
 *
 * <p>Secrets on a PUT: given, they replace the stored ones (each a new current secret); left out of an update, the
 * stored ones are kept, expiry times included, and must suit the (possibly new) scheme. Scheme {@code none} takes
 * none; every other scheme needs at least one active secret. Rotation has its own route ({@link TriggerSecrets}).
 */
@Singleton
public class TriggerAdmin {

    static final int MAX_SECRETS = 10;

    static final String NOT_A_TRIGGER_OBJECT = "the body is not a JSON object of the form "
            + "{\"workflowId\": \"...\", \"signature\": {\"scheme\": \"...\", \"secrets\": [\"...\"], \"toleranceSeconds\": 300,"
            + " \"hmac\": {...}}, \"event\": {\"idempotencyKeyPointer\": \"/id\", \"types\": [\"...\"], \"schema\": {...},"
            + " \"contentTypes\": [\"type/subtype\"], \"maxBodyBytes\": 65536, \"rateLimit\": {\"perSecond\": 10, \"burst\": 20}},"
            + " \"enabled\": true}"
            + " (with numbers and lists where shown)";

    private final TriggerStore triggers;
    private final WorkflowStore workflows;
    private final TriggerBodyCheck bodyCheck;
    private final JsonMapper json;
    private final Clock clock;

    public TriggerAdmin(TriggerStore triggers, WorkflowStore workflows, TriggerBodyCheck bodyCheck, JsonMapper json,
                        Clock clock) {
        this.triggers = triggers;
        this.workflows = workflows;
        this.bodyCheck = bodyCheck;
        this.json = json;
        this.clock = clock;
    }

    /** Validates {@code body} (the PUT body, JSON text) whole and stores the trigger under {@code id}. */
    public TriggerSave put(String id, @Nullable String body) {
        String idProblem = ResourceIds.problem("trigger", id);
        if (idProblem != null) {
            return new InvalidId(idProblem);
        }
        TriggerBody request;
        try {
            request = body == null || body.isBlank() ? null
                    : json.readValue(body.getBytes(StandardCharsets.UTF_8), TriggerBody.class);
        } catch (IOException e) {
            // The parser's message quotes the offending token, and the body holds secrets: say only what is expected.
            return new TriggerSave.Invalid(List.of(NOT_A_TRIGGER_OBJECT));
        }
        if (request == null) {
            return new TriggerSave.Invalid(List.of("the body must be a JSON object with workflowId and signature"));
        }
        Instant now = clock.instant();
        List<String> problems = new ArrayList<>();
        checkWorkflow(request.workflowId(), problems);
        TriggerBody.Signature signature = request.signature();
        if (signature == null) {
            problems.add("signature is required: {\"scheme\": \"standard-webhooks\", \"secrets\": [\"whsec_...\"]}");
            return new TriggerSave.Invalid(problems);
        }
        TriggerBodyCheck.Checked checked = bodyCheck.check(signature, request.event());
        problems.addAll(checked.problems());
        Optional<Trigger> stored;
        try {
            stored = triggers.find(id);
        } catch (SecretsUnreadableException unreadable) {
            // Sealed under another key, or changed outside hookrun: a PUT that gives secrets replaces them (the way
            // back after a key change); one that would keep them cannot.
            if (signature.secrets() == null) {
                problems.add("signature.secrets: the stored secrets cannot be read (sealed under another key, or"
                        + " changed outside hookrun); give secrets to replace them");
                return new TriggerSave.Invalid(problems);
            }
            stored = Optional.empty();
        }
        Optional<Trigger> previous = stored;
        List<TriggerSecret> secrets = checked.scheme()
                .map(scheme -> secrets(scheme, signature.secrets(), previous, now, problems)).orElse(List.of());
        if (!problems.isEmpty()) {
            return new TriggerSave.Invalid(problems);
        }
        // ADR 0009: a PUT keeps the stored enabled flag unless its body sets one; a new trigger is enabled.
        boolean enabled = request.enabled() != null ? request.enabled() : stored.map(Trigger::enabled).orElse(true);
        return new TriggerSave.Saved(triggers.save(new Trigger(id, request.workflowId(), checked.signature(), secrets,
                checked.events(), stored.map(Trigger::createdAt).orElse(now), now, enabled)));
    }

    public Lookup<Trigger> get(String id) {
        return Lookup.of(id, triggers.find(id));
    }

    /** {@code GET /admin/triggers}: by id; the views show no secret value. */
    public Listing<Trigger> list(Map<String, String> query) {
        ListParameters parameters = ListParameters.of(query);
        if (parameters == null) {
            return new Listing.InvalidQuery<>(ListParameters.limitProblem());
        }
        try {
            return new Listing.Found<>(triggers.list(parameters.nextToken(), parameters.limit()));
        } catch (InvalidPageTokenException e) {
            return new Listing.InvalidQuery<>(ListParameters.INVALID_TOKEN);
        }
    }

    /**
     * {@code POST /admin/triggers/{id}/enable|disable}: a disabled trigger answers its senders 423 until it is enabled
     * again (ADR 0009); enabling or disabling twice changes nothing more.
     */
    public Lookup<Trigger> setEnabled(String id, boolean enabled) {
        return Lookup.of(id, triggers.setEnabled(id, enabled, clock.instant()));
    }

    /** {@code DELETE /admin/triggers/{id}}: the trigger and its secrets; the runs it started stay. */
    public boolean delete(String id) {
        return triggers.delete(id);
    }

    private void checkWorkflow(@Nullable String workflowId, List<String> problems) {
        // No problem quotes a value from the body: one may be a secret pasted into the wrong field.
        if (workflowId == null || workflowId.isBlank()) {
            problems.add("workflowId is required");
        } else if (ResourceIds.problem("workflow", workflowId) != null) {
            problems.add("workflowId: " + ResourceIds.problem("workflow", workflowId));
        } else if (workflows.find(workflowId).isEmpty()) {
            problems.add("workflowId: no workflow has this id");
        }
    }

    /** The secrets the trigger will hold, or problems (never quoting one). */
    private static List<TriggerSecret> secrets(SignatureScheme scheme, @Nullable List<String> given,
                                               Optional<Trigger> stored, Instant now, List<String> problems) {
        if (!scheme.needsSecrets()) {
            if (given != null && !given.isEmpty()) {
                problems.add("signature.secrets: scheme " + scheme.name() + " takes no secret; leave secrets out");
            }
            return List.of();
        }
        if (given == null) {
            List<TriggerSecret> kept = stored.map(t -> t.secrets().stream().filter(s -> s.activeAt(now)).toList())
                    .orElse(List.of());
            if (kept.isEmpty()) {
                problems.add(stored.isEmpty() ? "signature.secrets needs at least one secret"
                        : "signature.secrets needs at least one secret: the stored trigger has no active one");
            }
            for (TriggerSecret secret : kept) {
                if (scheme.secretProblem(secret.value()) != null) {
                    problems.add("signature.secrets: the stored secret " + secret.id() + " does not suit scheme "
                            + scheme.name() + "; give new secrets");
                }
            }
            return kept;
        }
        if (given.isEmpty()) {
            problems.add("signature.secrets needs at least one secret");
        } else if (given.size() > MAX_SECRETS) {
            problems.add("signature.secrets may hold at most " + MAX_SECRETS + " active secrets");
        }
        for (int i = 0; i < given.size(); i++) {
            String problem = given.get(i) == null ? "must be a string" : scheme.secretProblem(given.get(i));
            if (problem != null) {
                problems.add("signature.secrets[" + i + "]: " + problem);
            }
        }
        return problems.isEmpty() ? given.stream().map(value -> TriggerSecret.current(value, now)).toList() : List.of();
    }
}

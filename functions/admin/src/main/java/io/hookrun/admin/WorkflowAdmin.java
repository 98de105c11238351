package io.hookrun.admin;

import io.hookrun.asl.InvalidDefinitionException;
import io.hookrun.asl.StateMachine;
import io.hookrun.core.page.InvalidPageTokenException;
import io.hookrun.core.trigger.TriggerStore;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.core.workflow.WorkflowConflictException;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.core.workflow.WorkflowVersion;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /admin/workflows}: Amazon States Language definitions, validated before they are stored, each save a new
 * version (ADR 0009); listing, versions, and retiring ({@code DELETE}). Store failures are not caught here: an outage
 * reaches the handler, which answers 503, and a bug answers 500.
 */
@Singleton
public class WorkflowAdmin {

    /** DynamoDB items hold 400 KB; leave room for the other attributes. */
    static final int MAX_DEFINITION_BYTES = 350 * 1024;

    private final WorkflowStore store;
    private final TriggerStore triggers;
    private final Clock clock;

    public WorkflowAdmin(WorkflowStore store, TriggerStore triggers, Clock clock) {
        this.store = store;
        this.triggers = triggers;
        this.clock = clock;
    }

    /**
     * Validates {@code definition} whole and stores it under {@code id} as the next version. The validator's problems
     * say where the text is not JSON (line and column), never what it holds.
     */
    public WorkflowSave put(String id, @Nullable String definition) {
        String idProblem = ResourceIds.problem("workflow", id);
        if (idProblem != null) {
            return new InvalidId(idProblem);
        }
        if (definition == null || definition.isBlank()) {
            return new WorkflowSave.NoDefinition();
        }
        if (definition.getBytes(StandardCharsets.UTF_8).length > MAX_DEFINITION_BYTES) {
            return new WorkflowSave.TooLarge(MAX_DEFINITION_BYTES);
        }
        try {
            StateMachine.parse(definition);
        } catch (InvalidDefinitionException e) {
            return new WorkflowSave.Invalid(e.problems());
        }
        try {
            return new WorkflowSave.Saved(store.save(id, definition, clock.instant()));
        } catch (WorkflowConflictException e) {
            return new WorkflowSave.Conflict(id);
        }
    }

    public Lookup<StoredWorkflow> get(String id) {
        return Lookup.of(id, store.find(id));
    }

    /** {@code GET /admin/workflows}: current versions, retired ones included, by id. */
    public Listing<StoredWorkflow> list(Map<String, String> query) {
        ListParameters parameters = ListParameters.of(query);
        if (parameters == null) {
            return new Listing.InvalidQuery<>(ListParameters.limitProblem());
        }
        try {
            return new Listing.Found<>(store.list(parameters.nextToken(), parameters.limit()));
        } catch (InvalidPageTokenException e) {
            return new Listing.InvalidQuery<>(ListParameters.INVALID_TOKEN);
        }
    }

    /** {@code GET /admin/workflows/{id}/versions}: newest first. */
    public Listing<WorkflowVersion> versions(String id, Map<String, String> query) {
        ListParameters parameters = ListParameters.of(query);
        if (parameters == null) {
            return new Listing.InvalidQuery<>(ListParameters.limitProblem());
        }
        if (store.find(id).isEmpty()) {
            return new Listing.NotFound<>(id);
        }
        try {
            return new Listing.Found<>(store.versions(id, parameters.nextToken(), parameters.limit()));
        } catch (InvalidPageTokenException e) {
            return new Listing.InvalidQuery<>(ListParameters.INVALID_TOKEN);
        }
    }

    /** {@code GET /admin/workflows/{id}/versions/{n}}. */
    public VersionLookup version(String id, String versionText) {
        int version = versionNumber(versionText);
        if (version < 1) {
            return new VersionLookup.InvalidVersion(versionText);
        }
        Optional<StoredWorkflow> current = store.find(id);
        if (current.isEmpty()) {
            return new VersionLookup.UnknownWorkflow(id);
        }
        return store.findVersion(id, version).<VersionLookup>map(VersionLookup.Found::new)
                .orElseGet(() -> new VersionLookup.UnknownVersion(id, versionText, current.get().version()));
    }

    /**
     * {@code DELETE /admin/workflows/{id}}: retires the workflow unless an enabled trigger points at it. A trigger
     * enabled between the check and the retirement finds the workflow retired: its deliveries are recorded as failed
     * runs ({@code hookrun.WorkflowRetired}), never lost. An unknown id has no triggers (a trigger's workflow must
     * exist when it is saved, and workflows are never deleted), and {@code retire} finds nothing: 404.
     */
    public WorkflowRetirement retire(String id) {
        List<String> enabled = triggers.enabledFor(id);
        if (!enabled.isEmpty()) {
            return new WorkflowRetirement.StillTriggered(id, enabled);
        }
        return store.retire(id, clock.instant()).<WorkflowRetirement>map(w -> new WorkflowRetirement.Retired())
                .orElseGet(() -> new WorkflowRetirement.NotFound(id));
    }

    /** The version a path names: a whole number from 1, written plainly; 0 when it is not one. */
    private static int versionNumber(String text) {
        if (!text.matches("[1-9][0-9]{0,9}")) {
            return 0;
        }
        long value = Long.parseLong(text);
        return value > Integer.MAX_VALUE ? 0 : (int) value;
    }
}

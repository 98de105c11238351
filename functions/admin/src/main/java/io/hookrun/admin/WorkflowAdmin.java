package io.hookrun.admin;

import io.hookrun.asl.InvalidDefinitionException;
import io.hookrun.asl.StateMachine;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.core.workflow.WorkflowStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * {@code PUT|GET /admin/workflows/{id}}: Amazon States Language definitions, validated before they are stored.
 * Store failures are not caught here: an outage reaches the handler, which answers 503, and a bug answers 500.
 */
@Singleton
public class WorkflowAdmin {

    /** DynamoDB items hold 400 KB; leave room for the other attributes. */
    static final int MAX_DEFINITION_BYTES = 350 * 1024;

    private final WorkflowStore store;
    private final Clock clock;

    public WorkflowAdmin(WorkflowStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Validates {@code definition} whole and stores it under {@code id}. The validator's problems say where the
     * text is not JSON (line and column), never what it holds.
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
        return new WorkflowSave.Saved(store.save(id, definition, clock.instant()));
    }

    public Lookup<StoredWorkflow> get(String id) {
        return Lookup.of(id, store.find(id));
    }
}

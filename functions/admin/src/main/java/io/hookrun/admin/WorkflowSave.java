package io.hookrun.admin;

import io.hookrun.core.workflow.StoredWorkflow;

import java.util.List;

/** What became of {@code PUT /admin/workflows/{id}}. */
public sealed interface WorkflowSave permits WorkflowSave.Saved, InvalidId, WorkflowSave.NoDefinition,
        WorkflowSave.TooLarge, WorkflowSave.Invalid {

    /** Stored: created, or replaced with its creation time kept. */
    record Saved(StoredWorkflow workflow) implements WorkflowSave {
    }

    /** The request carried no definition at all. */
    record NoDefinition() implements WorkflowSave {
    }

    /** The definition is over {@code maxBytes}: it would not fit in a DynamoDB item. */
    record TooLarge(int maxBytes) implements WorkflowSave {
    }

    /**
     * The definition is not valid Amazon States Language.
     *
     * @param problems every problem found, so that one round trip shows all of them
     */
    record Invalid(List<String> problems) implements WorkflowSave {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }
}

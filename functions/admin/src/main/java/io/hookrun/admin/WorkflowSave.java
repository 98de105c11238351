package io.hookrun.admin;

import io.hookrun.core.workflow.StoredWorkflow;

import java.util.List;

/** What became of {@code PUT /admin/workflows/{id}}. */
public sealed interface WorkflowSave permits WorkflowSave.Saved, InvalidId, WorkflowSave.NoDefinition,
        WorkflowSave.TooLarge, WorkflowSave.Invalid, WorkflowSave.Conflict {

    /** Stored as a new version: version 1 for a new workflow (201), one more for an existing one (200). */
    record Saved(StoredWorkflow workflow) implements WorkflowSave {

        boolean created() {
            return workflow.version() == 1;
        }
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

    /** Concurrent saves took the next version (the store retried once): nothing was saved, save again (409). */
    record Conflict(String workflowId) implements WorkflowSave {
    }
}

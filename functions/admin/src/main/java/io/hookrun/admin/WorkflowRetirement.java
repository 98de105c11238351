package io.hookrun.admin;

import java.util.List;

/** What became of {@code DELETE /admin/workflows/{id}}. */
public sealed interface WorkflowRetirement {

    /** Retired now, or retired before (204): no new run starts; runs in flight finish on their version. */
    record Retired() implements WorkflowRetirement {
    }

    /** No workflow has this id (404). */
    record NotFound(String workflowId) implements WorkflowRetirement {
    }

    /**
     * Enabled triggers still point at the workflow (409): disable or delete them first, so that no sender's delivery
     * runs into a retired workflow by surprise.
     */
    record StillTriggered(String workflowId, List<String> triggerIds) implements WorkflowRetirement {
        public StillTriggered {
            triggerIds = List.copyOf(triggerIds);
        }
    }
}

package io.hookrun.core.workflow;

import java.time.Instant;
import java.util.Optional;

/** Where workflow definitions live (DynamoDB when deployed). */
public interface WorkflowStore {

    Optional<StoredWorkflow> find(String id);

    /** Creates or replaces the definition, keeping the original creation time. */
    StoredWorkflow save(String id, String definition, Instant now);
}

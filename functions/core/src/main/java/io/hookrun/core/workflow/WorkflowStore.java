package io.hookrun.core.workflow;

import io.hookrun.core.page.Page;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Optional;

/**
 * Where workflow definitions live (DynamoDB when deployed): the current version of each workflow, and every version
 * ever saved. {@link #find} is strongly consistent; lists may lag a save by a moment (ADR 0009).
 */
public interface WorkflowStore {

    /** The current version, retired or not. */
    Optional<StoredWorkflow> find(String id);

    /**
     * Saves {@code definition} as the next version (1 for a new workflow), keeping the original creation time; a
     * retired workflow comes back, not retired.
     *
     * @throws WorkflowConflictException when a concurrent save took the version (after one retry)
     */
    StoredWorkflow save(String id, String definition, Instant now);

    /** Version {@code version} of the workflow, with its definition; {@code updatedAt} is when it was saved. */
    Optional<StoredWorkflow> findVersion(String id, int version);

    /**
     * The workflow's versions, newest first.
     *
     * @throws io.hookrun.core.page.InvalidPageTokenException for a token this list did not make
     */
    Page<WorkflowVersion> versions(String id, @Nullable String pageToken, int limit);

    /**
     * Current versions of all workflows (retired ones included), by id.
     *
     * @throws io.hookrun.core.page.InvalidPageTokenException for a token this list did not make
     */
    Page<StoredWorkflow> list(@Nullable String pageToken, int limit);

    /**
     * Retires the workflow: no new run starts on it; runs in flight finish on their version. Retiring a retired
     * workflow keeps its first retirement time.
     *
     * @return the workflow as it is now; empty when there is no such workflow
     */
    Optional<StoredWorkflow> retire(String id, Instant now);
}

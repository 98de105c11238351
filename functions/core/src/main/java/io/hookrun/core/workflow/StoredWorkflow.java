package io.hookrun.core.workflow;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * A workflow definition as stored: Amazon States Language JSON text with {@code "QueryLanguage": "JSONata"},
 * validated before it was saved. Each run snapshots the definition it starts with, and records its version.
 *
 * @param createdAt when the workflow was first saved
 * @param updatedAt when this version was saved
 * @param version   1 for the first save, one more for each save after (a version never changes once written)
 * @param retiredAt when the workflow was retired ({@code DELETE}); null while it may start runs
 */
public record StoredWorkflow(String id, String definition, Instant createdAt, Instant updatedAt, int version,
                             @Nullable Instant retiredAt) {

    /** A first version, not retired. */
    public StoredWorkflow(String id, String definition, Instant createdAt, Instant updatedAt) {
        this(id, definition, createdAt, updatedAt, 1, null);
    }

    public boolean retired() {
        return retiredAt != null;
    }
}

package io.hookrun.core.workflow;

import java.time.Instant;

/**
 * A workflow definition as stored: Amazon States Language JSON text with {@code "QueryLanguage": "JSONata"},
 * validated before it was saved. Each run snapshots the definition it starts with.
 */
public record StoredWorkflow(String id, String definition, Instant createdAt, Instant updatedAt) {
}

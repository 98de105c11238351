package io.hookrun.core.workflow;

import java.time.Instant;

/** One saved version of a workflow, without its definition (for lists). */
public record WorkflowVersion(String workflowId, int version, Instant createdAt) {
}

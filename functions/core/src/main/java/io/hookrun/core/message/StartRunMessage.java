package io.hookrun.core.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * "Start run {@code runId} of workflow {@code workflowId} with this input": a run started from the admin API
 * ({@code POST /admin/workflows/{id}/runs}) rather than by a webhook. The run's {@code $states.input} is {@code input}
 * itself, not a CloudEvent.
 *
 * @param name        the caller's name for the run (makes the start idempotent, as StartExecution's name does), or null
 * @param input       the run's input, JSON text
 * @param requestedAt when the admin API accepted the start (ISO-8601)
 */
@Serdeable
public record StartRunMessage(String runId, String workflowId, @Nullable String name, String input, String requestedAt) {
}

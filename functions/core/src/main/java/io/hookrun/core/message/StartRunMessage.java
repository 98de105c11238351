package io.hookrun.core.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * "Start run {@code runId} of workflow {@code workflowId} with this input": a run started from the admin API
 * ({@code POST /admin/workflows/{id}/runs}) rather than by a webhook. The run's {@code $states.input} is {@code input}
 * itself, not a CloudEvent.
 *
 * <p>A replay ({@code POST /admin/runs/{id}/replay}, ADR 0007) is a start too: {@code replayOf} names the run it
 * replays, whose workflow snapshot, trigger and input the new run takes from run history (so the message stays small
 * whatever the input); {@code startState}, when set, is the state of that run's main chain the new run starts at.
 *
 * @param name        the caller's name for the run (makes the start idempotent, as StartExecution's name does), or null
 * @param input       the run's input, JSON text; null for a replay
 * @param requestedAt when the admin API accepted the start (ISO-8601)
 * @param replayOf    the run this one replays; null for a plain start
 * @param startState  for a replay from a state: that state's name; null to start at the definition's StartAt
 */
@Serdeable
public record StartRunMessage(String runId, String workflowId, @Nullable String name, @Nullable String input,
                              String requestedAt, @Nullable String replayOf, @Nullable String startState) {

    /** A plain start with its input. */
    public StartRunMessage(String runId, String workflowId, @Nullable String name, String input, String requestedAt) {
        this(runId, workflowId, name, input, requestedAt, null, null);
    }
}

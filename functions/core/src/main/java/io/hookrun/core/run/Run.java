package io.hookrun.core.run;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * One run of a workflow, started by one accepted event.
 *
 * @param input      the accepted event (CloudEvents JSON): the run's input
 * @param output     the final state's output (JSON), once SUCCEEDED
 * @param error      Step Functions style error name (e.g. {@code States.Http.StatusCode.500}), once FAILED
 * @param definition the workflow definition this run executes, snapshotted when it started
 */
public record Run(UUID id, String triggerId, String workflowId, String eventId, RunStatus status,
                  @Nullable String input, @Nullable String output, @Nullable String error, @Nullable String cause,
                  @Nullable String definition, Instant createdAt, @Nullable Instant startedAt,
                  @Nullable Instant finishedAt) {
}

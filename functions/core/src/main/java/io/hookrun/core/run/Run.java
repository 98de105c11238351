package io.hookrun.core.run;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * One run of a workflow, started by one accepted event.
 *
 * @param triggerId  the trigger whose webhook started the run; null for a run started from the admin API
 * @param eventId    the delivery id of that webhook; for a run started from the admin API, its name (null if unnamed)
 * @param input      the run's input: the accepted event (CloudEvents JSON), or the raw JSON a direct start gave
 * @param output     the final state's output (JSON), once SUCCEEDED
 * @param error      Step Functions style error name (e.g. {@code States.Http.StatusCode.500}), once FAILED
 * @param definition the workflow definition this run executes, snapshotted when it started
 * @param replayOf   the run this one replays ({@code POST /admin/runs/{id}/replay}); null for any other run
 * @param workflowVersion the version of the workflow whose definition this run snapshotted (ADR 0009); null for runs
 *                   recorded before versions existed, and for runs that failed before a workflow was found
 */
public record Run(UUID id, @Nullable String triggerId, String workflowId, @Nullable String eventId, RunStatus status,
                  @Nullable String input, @Nullable String output, @Nullable String error, @Nullable String cause,
                  @Nullable String definition, Instant createdAt, @Nullable Instant startedAt,
                  @Nullable Instant finishedAt, @Nullable UUID replayOf, @Nullable Integer workflowVersion) {

    /** A run whose workflow version is not known (recorded before versions existed). */
    public Run(UUID id, @Nullable String triggerId, String workflowId, @Nullable String eventId, RunStatus status,
               @Nullable String input, @Nullable String output, @Nullable String error, @Nullable String cause,
               @Nullable String definition, Instant createdAt, @Nullable Instant startedAt,
               @Nullable Instant finishedAt, @Nullable UUID replayOf) {
        this(id, triggerId, workflowId, eventId, status, input, output, error, cause, definition, createdAt, startedAt,
                finishedAt, replayOf, null);
    }

    /** A run that replays no other. */
    public Run(UUID id, @Nullable String triggerId, String workflowId, @Nullable String eventId, RunStatus status,
               @Nullable String input, @Nullable String output, @Nullable String error, @Nullable String cause,
               @Nullable String definition, Instant createdAt, @Nullable Instant startedAt,
               @Nullable Instant finishedAt) {
        this(id, triggerId, workflowId, eventId, status, input, output, error, cause, definition, createdAt, startedAt,
                finishedAt, null, null);
    }
}

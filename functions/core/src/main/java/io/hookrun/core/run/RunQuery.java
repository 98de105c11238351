package io.hookrun.core.run;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * Which runs {@link RunHistory#listRuns} lists, newest first by {@code (createdAt, id)}; a null filter matches every
 * run.
 *
 * @param triggerId runs started by this trigger's webhook (runs started from the admin API have none)
 * @param from      runs created at or after this instant (inclusive)
 * @param to        runs created before this instant (exclusive)
 * @param after     the {@link RunPage#next()} of the previous page; null for the first page
 * @param limit     how many runs at most; clamped to 1..{@value RunHistory#MAX_LIST}
 */
public record RunQuery(@Nullable String triggerId, @Nullable String workflowId, @Nullable RunStatus status,
                       @Nullable Instant from, @Nullable Instant to, @Nullable RunCursor after, int limit) {

    public RunQuery {
        limit = Math.clamp(limit, 1, RunHistory.MAX_LIST);
    }

    /** The newest {@code limit} runs, unfiltered. */
    public static RunQuery newest(int limit) {
        return new RunQuery(null, null, null, null, null, null, limit);
    }

    /** The same query, for the page after {@code cursor}. */
    public RunQuery startingAfter(@Nullable RunCursor cursor) {
        return new RunQuery(triggerId, workflowId, status, from, to, cursor, limit);
    }
}

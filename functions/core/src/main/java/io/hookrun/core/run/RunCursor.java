package io.hookrun.core.run;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a page of runs ended: the sort key {@code (createdAt, id)} of its last run. The next page holds the runs
 * strictly older in that order, so a run created meanwhile (newer than every listed one) never shifts it.
 *
 * @param createdAt the last run's creation time exactly as the history stored it (PostgreSQL keeps microseconds):
 *                  the cursor is made from a listed run, never from a clock, so it compares equal on the way back
 */
public record RunCursor(Instant createdAt, UUID id) {

    public static RunCursor of(Run run) {
        return new RunCursor(run.createdAt(), run.id());
    }
}

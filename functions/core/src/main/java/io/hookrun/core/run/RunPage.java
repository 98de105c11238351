package io.hookrun.core.run;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * One page of {@link RunHistory#listRuns}: the runs, newest first, and where the next page starts (null on the last
 * page).
 */
public record RunPage(List<Run> runs, @Nullable RunCursor next) {

    public RunPage {
        runs = List.copyOf(runs);
    }
}

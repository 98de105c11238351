package io.hookrun.admin;

import io.hookrun.core.run.Run;

import java.util.List;

/** The answer to {@code GET /admin/runs?triggerId=&status=&limit=}. */
public sealed interface RunListing {

    /** The runs that match, newest first, at most the limit asked for. */
    record RunPage(List<Run> runs) implements RunListing {
        public RunPage {
            runs = List.copyOf(runs);
        }
    }

    /** A query parameter has a value the listing cannot use; {@code problem} says which values it can. */
    record InvalidQuery(String problem) implements RunListing {
    }
}

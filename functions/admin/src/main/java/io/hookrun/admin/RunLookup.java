package io.hookrun.admin;

import io.hookrun.core.run.Run;
import io.hookrun.core.run.StateExecution;

import java.util.List;

/** The answer to {@code GET /admin/runs/{runId}}. */
public sealed interface RunLookup {

    /** The run, with its state executions in order. */
    record Found(Run run, List<StateExecution> states) implements RunLookup {
        public Found {
            states = List.copyOf(states);
        }
    }

    /** No run has this id (yet: an accepted event is recorded as a run when its first step is processed). */
    record NotFound(String runId) implements RunLookup {
    }

    /** {@code runId} is not a UUID, so it cannot name a run. */
    record NotARunId(String runId) implements RunLookup {
    }
}

package io.hookrun.admin;

import io.hookrun.core.run.Branch;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory.BranchTally;
import io.hookrun.core.run.StateExecution;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/** The answer to {@code GET /admin/runs/{runId}?frame=}. */
public sealed interface RunLookup {

    /** A step of a run: (frame, sequence), see {@link io.hookrun.core.run.Frames}. */
    record Step(String frame, int sequence) {
        static Step of(StateExecution state) {
            return new Step(state.frame(), state.sequence());
        }
    }

    /**
     * The run, with the state executions shown and what it takes to read them.
     *
     * @param frame          the frame asked for ({@code ""}: the main chain), null for every frame
     * @param branch         for a branch frame asked for: the branch (a Map iteration, a Parallel branch)
     * @param states         the state executions shown, in the order the run history gives
     * @param branchPaths    each shown frame as a reader names it, e.g. {@code Fanout[1]/Items[12]} ({@code ""}: the main
     *                       chain)
     * @param entryVariables for each shown branch frame, the variables it started with (its Map/Parallel state's)
     * @param tallies        for each shown Map/Parallel step that forked, how its branches stand
     * @param truncated      why fewer states are shown than the run (or frame) has, or null when all are shown
     */
    record Found(Run run, @Nullable String frame, @Nullable Branch branch, List<StateExecution> states,
                 Map<String, String> branchPaths, Map<String, String> entryVariables, Map<Step, BranchTally> tallies,
                 @Nullable String truncated) implements RunLookup {
        public Found {
            states = List.copyOf(states);
            branchPaths = Map.copyOf(branchPaths);
            entryVariables = Map.copyOf(entryVariables);
            tallies = Map.copyOf(tallies);
        }
    }

    /**
     * No run has this id (yet: a run is recorded when the step function takes its first message, so a webhook's event
     * or an admin start that is still queued is not found).
     */
    record NotFound(String runId) implements RunLookup {
    }

    /** {@code runId} is not a UUID, so it cannot name a run. */
    record NotARunId(String runId) implements RunLookup {
    }

    /** The run has no branch frame of this name. */
    record UnknownFrame(String runId, String frame) implements RunLookup {
    }

    /** {@code frame} is not a frame name ({@link io.hookrun.core.run.Frames}, or {@code root}). */
    record InvalidFrame(String frame) implements RunLookup {
    }
}

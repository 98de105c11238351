package io.hookrun.workflowstep;

import io.hookrun.asl.StateMachine;
import io.hookrun.asl.StepOutcome;

import java.util.List;
import java.util.Map;

/** What the executor reads from a Map or Parallel state's definition to run its branches. */
final class BranchMachines {

    private BranchMachines() {
    }

    /**
     * The state branch {@code index} of Map/Parallel state {@code stateName} starts at: {@code Branches[index].StartAt}
     * of a Parallel, the {@code ItemProcessor}'s (or the older {@code Iterator}'s) {@code StartAt} of a Map.
     */
    static String startAt(StateMachine machine, String stateName, int index) {
        Map<String, Object> state = machine.state(stateName);
        Object processor = state.containsKey("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
        Object branch = processor != null ? processor
                : state.get("Branches") instanceof List<?> branches && index < branches.size() ? branches.get(index) : null;
        if (branch instanceof Map<?, ?> machineOfBranch && machineOfBranch.get("StartAt") instanceof String start) {
            return start;
        }
        throw new IllegalStateException("state '" + stateName + "' has no branch " + index);
    }

    /**
     * How many branches of a fork may be open at once. A Parallel runs all its branches together. An inline Map runs
     * {@code MaxConcurrency} iterations at a time, 0 (or none) meaning as many as the service allows: 40 on Step
     * Functions ("inline mode ... supports up to 40 concurrent iterations",
     * <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html">Inline Map</a>), here
     * {@code inlineMapCap}; a larger {@code MaxConcurrency} is capped the same way.
     */
    static int concurrency(StateMachine machine, String stateName, StepOutcome.Fork fork, int inlineMapCap) {
        int branches = fork.inputs().size();
        int requested = fork.maxConcurrency();
        int concurrency;
        if ("Map".equals(machine.stateType(stateName))) {
            concurrency = requested <= 0 ? inlineMapCap : Math.min(requested, inlineMapCap);
        } else {
            concurrency = requested <= 0 ? branches : requested;
        }
        return Math.max(1, Math.min(concurrency, Math.max(branches, 1)));
    }
}

package io.hookrun.asl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The fork of a Parallel state ("Parallel workflow state"): every branch starts at its {@code StartAt} with the same
 * input, {@code Arguments} evaluated once or else the state input (measured on AWS by the sfnx project), all at once.
 * The join's result is the branches' outputs in branch order; if a branch fails, the state fails with that branch's
 * own error and cause (recorded by LocalStack against AWS: a Catcher on {@code FailureType} catches a branch's Fail
 * state {@code "Error": "FailureType"}), not with {@code States.BranchFailed}.
 */
final class ParallelFork {

    private ParallelFork() {
    }

    static StepOutcome.Fork fork(String stateName, Map<String, Object> state, StatesVariable states,
                                 Map<String, Object> variables) throws StateFailure {
        Object input = state.containsKey("Arguments")
                ? JsonataTemplate.evaluate(state.get("Arguments"), states.plain(), variables,
                "States." + stateName + ".Arguments")
                : states.plain().get("input");
        List<?> branches = (List<?>) state.get("Branches");
        List<String> startAt = new ArrayList<>(branches.size());
        for (Object branch : branches) {
            startAt.add((String) ((Map<?, ?>) branch).get("StartAt"));
        }
        // One input object shared by every branch: values are plain JSON and nothing in a branch mutates its input.
        return new StepOutcome.Fork(startAt, new ArrayList<>(Collections.nCopies(branches.size(), input)),
                branches.size());
    }
}

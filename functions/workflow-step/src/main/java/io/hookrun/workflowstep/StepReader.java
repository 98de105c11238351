package io.hookrun.workflowstep;

import io.hookrun.asl.StateMachine;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.Branch;
import io.hookrun.core.run.Frames;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;

import java.util.UUID;

/**
 * Finds what a step reads (ADR 0005): the first step of the run reads the run's input and sees no variables; the
 * first step of a branch reads the branch's input and sees the variables its Map/Parallel state had when it was
 * entered; any other step reads the output and variables of the step before it in its frame, and when that one was a
 * failed attempt of the same state that a Retry rule repeats, also its retry counts. A step whose predecessor is
 * the same Wait state with {@code "End": true} is that Wait's deferred end (an End state cannot be a transition's
 * target from itself any other way).
 */
class StepReader {

    private final RunHistory history;
    private final JsonText json;

    StepReader(RunHistory history, JsonText json) {
        this.history = history;
        this.json = json;
    }

    /**
     * @param branch the step's branch, for a step of a branch frame (null in the root frame)
     * @throws IllegalStateException when what the step reads is missing: no message is sent before it is written
     */
    ResolvedStep resolve(Run run, StateMachine machine, StepMessage step, Branch branch) {
        UUID runId = run.id();
        String frame = step.frameName();
        int sequence = step.sequence();
        String stateType = machine.stateType(step.stateName());
        if (sequence == 0 && Frames.isRoot(frame)) {
            return new ResolvedStep(run, machine, step, stateType, run.input(), null, null, false);
        }
        if (sequence == 0) {
            Frames.Parent parent = Frames.parent(frame);
            StateExecution forked = history.stateExecution(runId, parent.frame(), parent.sequence())
                    .orElseThrow(() -> missing(step, runId, "its Map/Parallel step"));
            return new ResolvedStep(run, machine, step, stateType, branch.input(), forked.variables(), null, false);
        }
        StateExecution previous = history.stateExecution(runId, frame, sequence - 1)
                .filter(StepReader::goesOn)
                .orElseThrow(() -> missing(step, runId, "a finished predecessor that goes on"));
        RetryMemo retry = previous.status() == StateStatus.RETRIED && previous.stateName().equals(step.stateName())
                ? RetryMemo.fromJson(json, previous.retries(), previous.sequence(), previous.startedAt())
                : null;
        boolean endsAfterWait = previous.status() == StateStatus.SUCCEEDED
                && previous.stateName().equals(step.stateName()) && "Wait".equals(stateType)
                && Boolean.TRUE.equals(machine.state(step.stateName()).get("End"));
        return new ResolvedStep(run, machine, step, stateType, previous.output(), previous.variables(), retry,
                endsAfterWait);
    }

    private static boolean goesOn(StateExecution previous) {
        return previous.nextState() != null && (previous.status() == StateStatus.SUCCEEDED
                || previous.status() == StateStatus.RETRIED || previous.status() == StateStatus.CAUGHT);
    }

    private static IllegalStateException missing(StepMessage step, UUID runId, String what) {
        return new IllegalStateException("step " + step.sequence() + " ('" + step.stateName() + "') of frame '"
                + step.frameName() + "' of run " + runId + " has no " + what);
    }
}

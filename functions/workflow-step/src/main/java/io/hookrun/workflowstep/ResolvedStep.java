package io.hookrun.workflowstep;

import io.hookrun.asl.StateMachine;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.Frames;
import io.hookrun.core.run.Run;
import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/**
 * A step message with what the step reads, resolved from run history before the step is claimed.
 *
 * @param inputJson     the state's input
 * @param variablesJson the variables visible when the state is entered (a JSON object; null: none)
 * @param retry         what the previous attempt of the same state visit left (null on first entry)
 * @param endsAfterWait the step is the end of its frame after a Wait state with {@code "End": true}: the previous
 *                      step was that Wait, and the frame ends (with its output, {@code inputJson}) now that the wait is
 *                      over (see {@link StepRecorder})
 */
record ResolvedStep(Run run, StateMachine machine, StepMessage message, String stateType, String inputJson,
                    @Nullable String variablesJson, @Nullable RetryMemo retry, boolean endsAfterWait) {

    UUID runId() {
        return run.id();
    }

    String frame() {
        return message.frameName();
    }

    int sequence() {
        return message.sequence();
    }

    String stateName() {
        return message.stateName();
    }

    boolean inRootFrame() {
        return Frames.isRoot(frame());
    }

    /** For logs: {@code step 3 ('Fetch') of frame '2.0' of run ...}. */
    String describe() {
        return "step " + sequence() + " ('" + stateName() + "')" + (inRootFrame() ? "" : " of frame '" + frame() + "'")
                + " of run " + runId();
    }
}

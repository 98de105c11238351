package io.hookrun.asl;

import io.hookrun.core.time.Deadline;
import io.micronaut.core.annotation.Nullable;

/**
 * What a Task state calls: {@code http:invoke} ({@link HttpTask}) or a Dify app ({@link DifyTask}). One call per
 * state execution; retries, catches and callbacks are the interpreter's.
 */
interface TaskIntegration {

    /**
     * One call of a Task.
     *
     * @param arguments      the evaluated {@code Arguments}
     * @param timeoutSeconds the evaluated {@code TimeoutSeconds} bounding the call, or null for the integration's
     *                       default (a {@code .waitForTaskToken} Task's TimeoutSeconds bounds the wait, not the call)
     * @param context        the state execution, whose idempotency key and attempt the call carries
     * @param deadline       when the invocation ends: the call must end before it, minus the margin
     */
    record TaskCall(String stateName, Object arguments, @Nullable Object timeoutSeconds, ExecutionContext context,
                    Deadline deadline) { }

    /**
     * Runs the call once; the result becomes {@code $states.result}.
     *
     * @throws StateFailure          a Step Functions error that Retry and Catch see
     * @throws TransientStepException too little time was left in the invocation: run the step again later
     */
    Object invoke(TaskCall call) throws StateFailure, TransientStepException;
}

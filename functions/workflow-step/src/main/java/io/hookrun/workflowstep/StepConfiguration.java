package io.hookrun.workflowstep;

import io.hookrun.asl.DefinitionLimits;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of the step function ({@code hookrun.step.*}; on Lambda from {@code HOOKRUN_STEP_*} variables).
 *
 * @param maxReceiveCount       the steps queue's redrive maxReceiveCount: a failure on the last delivery ends the run
 *                              {@value StepExecutor#STEP_ABANDONED}, instead of leaving it RUNNING while the message
 *                              moves to the DLQ (a Task's transport errors are the state's own errors,
 *                              {@code States.Http.Socket} or {@code States.Timeout}, handled by Retry and Catch)
 * @param maxStates             steps one frame (the run's main chain, or one Map iteration or Parallel branch) may
 *                              execute, Retry attempts included; a Choice loop that never exits fails its frame
 *                              {@value StepExecutor#STATE_LIMIT_EXCEEDED} instead of running forever
 * @param stateLease            how long an executing state is protected from a concurrent copy of its message
 * @param timeMargin            what the step function keeps of each invocation for itself: no record starts with less
 *                              than this left (unstarted ones are handed back for an immediate retry), and every HTTP
 *                              call ends this long before the invocation does, leaving time to record its result
 * @param functionTimeout       WorkflowStepFunction's {@code Timeout}: a Task's {@code TimeoutSeconds} may be at most this
 *                              minus {@code timeMargin}, checked when a run starts
 * @param batchConcurrency      records of one batch processed at the same time (they are independent)
 * @param stateMachineCacheSize parsed definitions kept per function instance
 * @param outageResendMaxAge    how long a message that keeps failing because a dependency is down (PostgreSQL,
 *                              DynamoDB, SQS) is re-sent as a fresh copy instead of reaching the DLQ, counted from when
 *                              it was first sent; after that it takes the normal way to the DLQ
 * @param inlineMapMaxConcurrency iterations of an inline Map state open at once when its {@code MaxConcurrency} is 0
 *                              or absent, and at most whatever it asks for: Step Functions runs at most 40 (see
 *                              {@link BranchMachines#concurrency})
 */
@ConfigurationProperties("hookrun.step")
public record StepConfiguration(
        @Bindable(defaultValue = "10") int maxReceiveCount,
        @Bindable(defaultValue = "1000") int maxStates,
        @Bindable(defaultValue = "90s") Duration stateLease,
        @Bindable(defaultValue = "3s") Duration timeMargin,
        @Bindable(defaultValue = "120s") Duration functionTimeout,
        @Bindable(defaultValue = "4") int batchConcurrency,
        @Bindable(defaultValue = "64") int stateMachineCacheSize,
        @Bindable(defaultValue = "24h") Duration outageResendMaxAge,
        @Bindable(defaultValue = "40") int inlineMapMaxConcurrency) {

    /** What a definition must fit in to run here: a Task waits at most the function's timeout minus the margin. */
    public DefinitionLimits definitionLimits() {
        return new DefinitionLimits(Math.max(1, functionTimeout.minus(timeMargin).toSeconds()));
    }
}

package io.hookrun.workflowstep;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of the step function ({@code hookrun.step.*}).
 *
 * @param maxReceiveCount the steps queue's redrive maxReceiveCount: on the last delivery a transient task
 *                        failure fails the run instead of leaving it RUNNING while the message moves to the DLQ
 * @param maxStates       states one run may execute; a Choice loop that never exits fails instead of running forever
 * @param stateLease      how long an executing state is protected from a concurrent copy of its message
 * @param timeMargin      stop taking new records when less than this is left of the invocation: the unstarted
 *                        ones are reported as failures rather than lost to a timeout with no partial response
 */
@ConfigurationProperties("hookrun.step")
public record StepConfiguration(
        @Bindable(defaultValue = "10") int maxReceiveCount,
        @Bindable(defaultValue = "1000") int maxStates,
        @Bindable(defaultValue = "90s") Duration stateLease,
        @Bindable(defaultValue = "3s") Duration timeMargin) {
}

package io.hookrun.workflowstep;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What one sweep did.
 *
 * @param stalled runs found RUNNING without progress
 * @param resumed runs whose open step was sent again
 * @param ended   runs ended FAILED because they could not be resumed
 * @param failed  runs the sweep could not handle this time (the next sweep tries again)
 */
@Serdeable
public record SweepReport(int stalled, int resumed, int ended, int failed) {
}

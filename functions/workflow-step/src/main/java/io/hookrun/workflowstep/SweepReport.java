package io.hookrun.workflowstep;

/**
 * What one sweep did.
 *
 * @param stalled runs found RUNNING without progress
 * @param resumed runs whose open step was sent again
 * @param ended   runs ended FAILED because they could not be resumed
 * @param failed  runs the sweep could not handle this time (the next sweep tries again)
 */
public record SweepReport(int stalled, int resumed, int ended, int failed) {
}

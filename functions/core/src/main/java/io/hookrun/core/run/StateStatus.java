package io.hookrun.core.run;

/**
 * Where one state execution (one attempt of one state) is.
 * <ul>
 *   <li>RUNNING: an attempt holds it (see {@link StateExecution#leaseUntil()}).</li>
 *   <li>WAITING: a Map or Parallel state whose branches are running; the last branch to end joins it.</li>
 *   <li>PAUSED: a {@code .waitForTaskToken} Task whose call was made, waiting for its callback, a heartbeat or its
 *       timeout ({@link StateExecution#taskWait()}).</li>
 *   <li>SUCCEEDED: it ended well; the run goes on with {@link StateExecution#nextState()} or its frame ended.</li>
 *   <li>RETRIED: it failed and one of its Retry rules runs the same state again as the next step.</li>
 *   <li>CAUGHT: it failed and one of its Catch rules sends the run on to {@link StateExecution#nextState()}.</li>
 *   <li>FAILED: it failed and its frame (the run, or a branch) failed with it.</li>
 * </ul>
 */
public enum StateStatus { RUNNING, WAITING, PAUSED, SUCCEEDED, RETRIED, CAUGHT, FAILED }

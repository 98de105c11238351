package io.hookrun.core.run;

/**
 * Where one branch of a Parallel state, or one iteration of a Map state, is: PENDING until its first step is sent
 * (a Map keeps iterations beyond its concurrency PENDING), RUNNING, then SUCCEEDED or FAILED, or ABORTED when its
 * Map or Parallel state ended (failed) before it did.
 */
public enum BranchStatus { PENDING, RUNNING, SUCCEEDED, FAILED, ABORTED }

package io.hookrun.core.run;

/** Where a run is: QUEUED (accepted, not yet picked up), RUNNING, then SUCCEEDED or FAILED for good. */
public enum RunStatus { QUEUED, RUNNING, SUCCEEDED, FAILED }

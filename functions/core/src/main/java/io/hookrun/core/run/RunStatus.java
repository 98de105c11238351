package io.hookrun.core.run;

/**
 * Where a run is: QUEUED (accepted, not yet picked up), RUNNING, then SUCCEEDED, FAILED or ABORTED (cancelled from
 * the admin API) for good. A FAILED run whose step message went to the dead-letter queue comes back to RUNNING when
 * that message is redriven (docs/adr/0007).
 */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, ABORTED;

    /** SUCCEEDED, FAILED or ABORTED: no step of the run executes any more. */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == ABORTED;
    }
}

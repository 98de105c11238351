package io.hookrun.core.run;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Run history: what the step function records and the admin API reads (PostgreSQL when deployed). Writes are
 * conditional, so redelivered or concurrent messages cannot create a second run, execute a step twice, count a
 * branch twice or join a Map/Parallel state twice. Callers pass {@code now}; implementations read no clock.
 * A step is identified by (run, frame, sequence): see {@link Frames}.
 */
public interface RunHistory {

    /** How a step claim turned out. */
    sealed interface StateClaim {
        /** This attempt owns the step: execute it (or, when {@code execution.branches()} is set, join it). */
        record Claimed(StateExecution execution) implements StateClaim { }
        /** The step ended before (SUCCEEDED, RETRIED, CAUGHT or FAILED): do not execute it again. */
        record AlreadyFinished(StateExecution execution) implements StateClaim { }
        /** Another attempt is executing it right now, until {@code leaseUntil}. */
        record Busy(StateExecution execution, Instant leaseUntil) implements StateClaim { }
        /** A Map/Parallel step waiting for its branches: see {@link #branchTally} and {@link #claimJoin}. */
        record Waiting(StateExecution execution) implements StateClaim { }
        /**
         * A {@code .waitForTaskToken} Task step waiting for its callback ({@link StateExecution#taskWait()}): resume it
         * with {@link #claimPaused} once answered or past a deadline.
         */
        record Paused(StateExecution execution) implements StateClaim { }
    }

    /** What a step claim writes when it inserts the step. */
    record StateStart(UUID runId, String frame, int sequence, String stateName, String stateType,
                      @Nullable String input, @Nullable String variables) { }

    /**
     * How a RUNNING step ends.
     *
     * @param status        SUCCEEDED, RETRIED, CAUGHT or FAILED
     * @param output        see {@link StateExecution#output()}
     * @param variables     see {@link StateExecution#variables()}
     * @param nextState     the state the frame goes on with; null when the step ends its frame
     * @param nextNotBefore see {@link StateExecution#nextNotBefore()}
     * @param retries       see {@link StateExecution#retries()}
     * @param runStatus     non-null only for a step that ends the run (the root frame's last step): the run ends in the
     *                      same transaction, with {@code output} as its output when SUCCEEDED
     */
    record StateFinish(UUID runId, String frame, int sequence, StateStatus status, @Nullable String output,
                       @Nullable String variables, @Nullable String error, @Nullable String cause,
                       @Nullable String nextState, @Nullable Instant nextNotBefore, @Nullable String retries,
                       @Nullable RunStatus runStatus, Instant now) { }

    /**
     * The branches of a forked step, counted: {@code open} are PENDING or RUNNING. {@code changed} says whether the
     * call that returned it changed a branch (false for a repeated {@link #finishBranch}).
     */
    record BranchTally(boolean changed, int total, int open, int succeeded, int failed) { }

    /**
     * How a RUNNING {@code .waitForTaskToken} step pauses after its call was made: deadlines per {@link TaskWait}.
     */
    record StatePause(UUID runId, String frame, int sequence, @Nullable Instant timeoutAt,
                      @Nullable Instant heartbeatAt, Instant now) { }

    /** What a callback (or heartbeat) for a paused step found. */
    enum CallbackAnswer {
        /** Recorded: the step resumes (for a heartbeat: its heartbeat deadline moved on). */
        RECORDED,
        /** A callback already answered this step: tokens are single-use. */
        ALREADY_ANSWERED,
        /** The step is not waiting any more: it timed out, or its run ended or was cancelled. */
        NOT_WAITING,
        /** No such step is or was paused. */
        UNKNOWN
    }

    /** Most runs one list call returns. */
    int MAX_LIST = 100;

    /** Inserts the run unless one with its id exists; true when this call created it. */
    boolean createRun(Run run);

    Optional<Run> findRun(UUID id);

    /**
     * One page of the runs {@code query} matches, newest first by {@code (createdAt, id)}, at most
     * {@code query.limit()}. Keyset paging: the page after {@link RunQuery#after()} holds the runs strictly older than
     * it, so runs created while a caller walks the pages never shift them (ADR 0009).
     */
    RunPage listRuns(RunQuery query);

    /** The run's state executions, every frame, ordered by start time then frame and sequence. */
    List<StateExecution> stateExecutions(UUID runId);

    Optional<StateExecution> stateExecution(UUID runId, String frame, int sequence);

    /**
     * Claims a step for this attempt: inserts it RUNNING with {@code lease_until = now + lease}, or takes over a
     * RUNNING step whose lease expired (its attempt died), counting one more attempt. A WAITING step answers
     * {@link StateClaim.Waiting}.
     */
    StateClaim claimState(StateStart start, Instant now, Duration lease);

    /**
     * Records the end of a step that is still RUNNING (otherwise nothing changes); with a {@code runStatus}, also ends
     * the run atomically with it, so a run is never finished with its last step open or the other way round.
     */
    void finishState(StateFinish finish);

    /**
     * A RUNNING Map/Parallel step forks: in one transaction it becomes WAITING (keeping {@code variables}, the scope its
     * branches see), and one PENDING branch per input is written, indexes 0..n-1. Nothing happens for a step that is
     * not RUNNING. An empty list forks nothing and leaves the step RUNNING (join it at once).
     *
     * @param concurrency how many branches may be open at once (kept on the step: see {@link StateExecution#concurrency()})
     * @return true when this call forked the step
     */
    boolean forkState(UUID runId, String frame, int sequence, @Nullable String variables, List<String> branchInputs,
                      int concurrency, Instant now);

    /** Branches {@code fromIndex} (inclusive) to {@code toIndex} (exclusive) that are PENDING become RUNNING. */
    void startBranches(UUID runId, String frame, int sequence, int fromIndex, int toIndex, Instant now);

    Optional<Branch> branch(UUID runId, String frame, int sequence, int index);

    /** The forked step's branches in index order (a Map's results, for the join). */
    List<Branch> branches(UUID runId, String frame, int sequence);

    /**
     * Records how a PENDING or RUNNING branch ended (SUCCEEDED with its output, or FAILED with error and cause); a
     * branch that already ended is left as it is. Returns the tally after the call, counted in the same transaction.
     */
    BranchTally finishBranch(UUID runId, String frame, int sequence, int index, BranchStatus status,
                             @Nullable String output, @Nullable String error, @Nullable String cause, Instant now);

    BranchTally branchTally(UUID runId, String frame, int sequence);

    /**
     * Takes a WAITING step to RUNNING with a lease, for the one attempt that joins it (evaluates the Map/Parallel
     * state's result); true when this call took it.
     */
    boolean claimJoin(UUID runId, String frame, int sequence, Instant now, Duration lease);

    /** RUNNING -> PAUSED with the pause's deadlines (nothing happens for a step that is not RUNNING); true when changed. */
    boolean pauseState(StatePause pause);

    /**
     * Records a callback's answer on a PAUSED step that no callback answered yet and whose deadlines have not passed at
     * {@code now}: {@code output} (JSON) for success, or {@code error} and {@code cause} for failure. Atomic: of two
     * concurrent callbacks exactly one is RECORDED.
     */
    CallbackAnswer answerCallback(UUID runId, String frame, int sequence, @Nullable String output,
                                  @Nullable String error, @Nullable String cause, Instant now);

    /** Moves the heartbeat deadline of a waiting PAUSED step to {@code now + heartbeat}, if it has one. */
    CallbackAnswer heartbeat(UUID runId, String frame, int sequence, Duration heartbeat, Instant now);

    /**
     * PAUSED -> RUNNING with a lease, for the one attempt that resumes the step (its callback answered, or a deadline
     * passed); true when this call took it.
     */
    boolean claimPaused(UUID runId, String frame, int sequence, Instant now, Duration lease);

    /** PENDING and RUNNING branches of the step become ABORTED (its Map/Parallel state ended without them). */
    int abortBranches(UUID runId, String frame, int sequence, Instant now);

    /** Gives up this attempt's lease after a failure, so the retry can claim the step at once. */
    void releaseState(UUID runId, String frame, int sequence);

    /** Records that what follows the step is done (see {@link StateExecution#nextEnqueued()}). */
    void markNextEnqueued(UUID runId, String frame, int sequence);

    /**
     * Ends a run FAILED whatever its steps did: step (frame, sequence), if it is still RUNNING or WAITING, is finished
     * FAILED with the same error and cause, and the run, if still QUEUED or RUNNING, in the same transaction. For a run
     * that cannot go on (its message is leaving the queue for the dead-letter queue, its definition no longer parses,
     * the sweeper finds it beyond resuming). Needs no claim.
     *
     * @return true when this call ended the run; false when it was already finished or does not exist
     */
    boolean failRun(UUID runId, String frame, int sequence, String error, String cause, Instant now);

    /**
     * RUNNING runs that made no progress since {@code progressBefore}: started before it, with no step started or
     * finished since, no step held by a live lease ({@code lease_until >= now}), and no step whose
     * {@code next_not_before} is at or after {@code progressBefore} (a run in a long Wait is not stalled). The oldest
     * first, at most {@code limit} (clamped to 1..{@value #MAX_LIST}). For the sweeper.
     */
    List<Run> listStalledRuns(Instant progressBefore, Instant now, int limit);

    /**
     * Cancels a QUEUED or RUNNING run: it becomes ABORTED with {@code cause}; its RUNNING, WAITING and PAUSED steps end
     * FAILED {@code hookrun.Aborted} and its open branches ABORTED, in one transaction. Messages of the run that arrive
     * later are dropped.
     *
     * @return true when this call aborted the run
     */
    boolean abortRun(UUID runId, String cause, Instant now);

    /**
     * Re-opens a run that FAILED because a step message went to the dead-letter queue ({@code hookrun.StepAbandoned}),
     * for a redrive: the run is RUNNING again and the abandoned step can be claimed again, so the redriven message
     * executes it. Runs that failed otherwise are left as they are.
     *
     * @return true when this call re-opened the run
     */
    boolean reopenRun(UUID runId, Instant now);
}

package io.hookrun.core.run;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Run history: what the step function records and the admin API reads (PostgreSQL when deployed). Writes are
 * conditional, so redelivered or concurrent messages cannot create a second run or execute a step twice.
 * Callers pass {@code now}; implementations read no clock.
 */
public interface RunHistory {

    /** How a step claim turned out. */
    sealed interface StateClaim {
        /** This attempt owns the step: execute it. */
        record Claimed(StateExecution execution) implements StateClaim { }
        /** The step finished before: do not execute it again. */
        record AlreadyFinished(StateExecution execution) implements StateClaim { }
        /** Another attempt is executing it right now, until {@code leaseUntil}. */
        record Busy(StateExecution execution, Instant leaseUntil) implements StateClaim { }
    }

    /** Most runs one list call returns. */
    int MAX_LIST = 100;

    /** Inserts the run unless one with its id exists; true when this call created it. */
    boolean createRun(Run run);

    Optional<Run> findRun(UUID id);

    /** Newest first; null filters match everything; the limit is clamped to 1..{@value #MAX_LIST}. */
    List<Run> listRuns(@Nullable String triggerId, @Nullable RunStatus status, int limit);

    /** The run's state executions, ordered by sequence. */
    List<StateExecution> stateExecutions(UUID runId);

    Optional<StateExecution> stateExecution(UUID runId, int sequence);

    /**
     * Claims step {@code (runId, sequence)} for this attempt: inserts it RUNNING with {@code lease_until = now + lease},
     * or takes over a RUNNING step whose lease expired (its attempt died), counting one more attempt.
     */
    StateClaim claimState(UUID runId, int sequence, String stateName, String stateType, @Nullable String input,
                          Instant now, Duration lease);

    /** {@link #finishState(UUID, int, StateStatus, String, String, String, String, RunStatus, Instant)} for a step after which nothing follows. */
    default void finishState(UUID runId, int sequence, StateStatus status, @Nullable String output, @Nullable String error,
                             @Nullable String cause, @Nullable RunStatus runStatus, Instant now) {
        finishState(runId, sequence, status, output, error, cause, null, runStatus, now);
    }

    /**
     * Records the end of a step that is still RUNNING (otherwise nothing changes); with a {@code runStatus}, also
     * ends the run atomically with it, so a run is never finished with its last step open or the other way round.
     * The run's output is kept only when it SUCCEEDED.
     *
     * @param nextState the state the run continues with, or null when the step ends the run
     */
    void finishState(UUID runId, int sequence, StateStatus status, @Nullable String output, @Nullable String error,
                     @Nullable String cause, @Nullable String nextState, @Nullable RunStatus runStatus, Instant now);

    /** Gives up this attempt's lease after a failure, so the retry can claim the step at once. */
    void releaseState(UUID runId, int sequence);

    /** Records that the message for the step after {@code sequence} is on the queue. */
    void markNextEnqueued(UUID runId, int sequence);

    /**
     * Ends a run FAILED whatever its steps did: step {@code sequence}, if it is still RUNNING, is finished FAILED with
     * the same error and cause, and the run, if still QUEUED or RUNNING, in the same transaction. For a run that
     * cannot go on (its message is leaving the queue for the dead-letter queue, its definition no longer parses, the
     * sweeper finds it beyond resuming). Needs no claim: a step that was never claimed, or is held by an attempt that
     * died, does not keep the run open.
     *
     * @return true when this call ended the run; false when it was already finished or does not exist
     */
    boolean failRun(UUID runId, int sequence, String error, String cause, Instant now);

    /**
     * RUNNING runs that made no progress since {@code progressBefore}: started before it, with no step started or
     * finished since, and no step held by a live lease ({@code lease_until >= now}). The oldest first, at most
     * {@code limit} (clamped to 1..{@value #MAX_LIST}). For the sweeper, which resumes or ends runs whose message was lost.
     */
    List<Run> listStalledRuns(Instant progressBefore, Instant now, int limit);
}

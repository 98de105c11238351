package io.hookrun.core.run;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * One attempt of one state, executed as step {@code sequence} of frame {@code frame} of a run; (runId, frame, sequence)
 * is the key (see {@link Frames}). Rows are only written by conditional SQL, never saved as entities.
 *
 * @param input         the state's input (JSON)
 * @param output        what the next step of the frame takes as input (JSON): the state's output; for RETRIED the
 *                      same input again; for CAUGHT the Catch rule's output. When the step ends its frame, the frame's
 *                      output.
 * @param variables     a JSON object of the workflow variables visible after this step (outer scopes included, as the
 *                      next step of the frame sees them). While WAITING: the variables visible when the state was
 *                      entered, which its branches start with.
 * @param nextState     the state the frame goes on with, recorded so a lost next-step message can be re-sent
 * @param nextNotBefore when the next step may start (a Wait state, a Retry interval); null: at once
 * @param retries       for RETRIED: a JSON array, per Retry rule of the state, of the retries made so far
 * @param leaseUntil    while RUNNING: until when this attempt owns the step against concurrent copies
 * @param attempts      how many attempts claimed this step (more than one after a crash or a transient failure)
 * @param nextEnqueued  whether what follows the step is known to be done: the next step's message sent, or for a step
 *                      that ended a branch, the branch's result recorded and its parent told
 * @param branches      for a Map or Parallel state that forked: how many branches it has (null otherwise)
 * @param concurrency   for a Map or Parallel state that forked: how many branches may be open at once; when branch
 *                      {@code i} ends, branch {@code i + concurrency} starts (null otherwise)
 * @param taskWait      for a {@code .waitForTaskToken} Task that paused: its deadlines and the callback's answer once
 *                      one came (null otherwise)
 */
public record StateExecution(UUID runId, String frame, int sequence, String stateName, String stateType,
                             StateStatus status, @Nullable String input, @Nullable String output,
                             @Nullable String variables, @Nullable String error, @Nullable String cause,
                             @Nullable String nextState, @Nullable Instant nextNotBefore, @Nullable String retries,
                             Instant startedAt, @Nullable Instant finishedAt, @Nullable Instant leaseUntil, int attempts,
                             boolean nextEnqueued, @Nullable Integer branches,
                             @Nullable Integer concurrency, @Nullable TaskWait taskWait) {

    /** A step that never paused for a callback. */
    public StateExecution(UUID runId, String frame, int sequence, String stateName, String stateType,
                          StateStatus status, @Nullable String input, @Nullable String output,
                          @Nullable String variables, @Nullable String error, @Nullable String cause,
                          @Nullable String nextState, @Nullable Instant nextNotBefore, @Nullable String retries,
                          Instant startedAt, @Nullable Instant finishedAt, @Nullable Instant leaseUntil, int attempts,
                          boolean nextEnqueued, @Nullable Integer branches, @Nullable Integer concurrency) {
        this(runId, frame, sequence, stateName, stateType, status, input, output, variables, error, cause, nextState,
                nextNotBefore, retries, startedAt, finishedAt, leaseUntil, attempts, nextEnqueued, branches,
                concurrency, null);
    }
}

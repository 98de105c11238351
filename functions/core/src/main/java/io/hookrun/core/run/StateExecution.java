package io.hookrun.core.run;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * One state executed as step {@code sequence} of a run; {@code (runId, sequence)} is the key. Rows are only
 * written by conditional SQL, never saved as entities.
 *
 * @param nextState    the state the run goes on with, recorded so a lost next-step message can be re-sent
 * @param leaseUntil   while RUNNING: until when this attempt owns the step against concurrent copies
 * @param attempts     how many attempts claimed this step (more than one after a crash or a transient failure)
 * @param nextEnqueued whether the next step's message is known to be on the queue
 */
public record StateExecution(UUID runId, int sequence, String stateName, String stateType, StateStatus status,
                             @Nullable String input, @Nullable String output, @Nullable String error,
                             @Nullable String cause, @Nullable String nextState, Instant startedAt,
                             @Nullable Instant finishedAt, @Nullable Instant leaseUntil, int attempts,
                             boolean nextEnqueued) {
}

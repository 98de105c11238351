package io.hookrun.core.run;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * One branch of a Parallel state, or one iteration of a Map state: the frame {@link #childFrame()} of the state
 * executed as step {@code sequence} of frame {@code frame}. Its input is written when the Map/Parallel state forks;
 * its output (or error) when the branch's last state ends. Results are read in {@code index} order for the join.
 */
public record Branch(UUID runId, String frame, int sequence, int index, BranchStatus status, @Nullable String input,
                     @Nullable String output, @Nullable String error, @Nullable String cause,
                     @Nullable Instant startedAt, @Nullable Instant finishedAt) {

    public String childFrame() {
        return Frames.child(frame, sequence, index);
    }
}

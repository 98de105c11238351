package io.hookrun.core.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * "Execute state {@code stateName} as step {@code sequence} of frame {@code frame} of run {@code runId}" (see
 * {@link io.hookrun.core.run.Frames}). Inputs, outputs and variables stay in the run store, so the message stays small
 * whatever the workflow carries. A message received before {@code notBefore} (a Wait or Retry longer than SQS's
 * 15-minute delay) is sent again with the delay that is left.
 *
 * @param frame     null or {@code ""}: the run's main chain
 * @param notBefore null: at once
 */
@Serdeable
public record StepMessage(String runId, @Nullable String frame, int sequence, String stateName,
                          @Nullable Instant notBefore) {

    /** A step of the run's main chain, to run at once. */
    public StepMessage(String runId, int sequence, String stateName) {
        this(runId, "", sequence, stateName, null);
    }

    /** The frame, {@code ""} for the main chain. */
    public String frameName() {
        return frame == null ? "" : frame;
    }
}

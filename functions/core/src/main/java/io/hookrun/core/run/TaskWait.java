package io.hookrun.core.run;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;

/**
 * A paused {@code .waitForTaskToken} Task step (docs/adr/0007): when it times out, when its next heartbeat is due,
 * and the callback's answer once one came (single use: the first answer wins; later ones are refused).
 *
 * @param timeoutAt   {@code TimeoutSeconds} after the step paused: then it fails {@code States.Timeout}; null: never
 * @param heartbeatAt {@code HeartbeatSeconds} after the pause or the last heartbeat: then it fails
 *                    {@code States.HeartbeatTimeout}; null: no heartbeat required
 * @param answeredAt  when the callback answered; null while waiting
 * @param output      the JSON output a success callback posted
 * @param error       the error a failure callback posted (its cause in {@code cause})
 * @param heartbeat   the Task's {@code HeartbeatSeconds} as evaluated when it paused: what a heartbeat callback moves
 *                    {@code heartbeatAt} on by (it may be a JSONata expression, so it is kept, not re-read); null: none
 */
public record TaskWait(@Nullable Instant timeoutAt, @Nullable Instant heartbeatAt, @Nullable Instant answeredAt,
                       @Nullable String output, @Nullable String error, @Nullable String cause,
                       @Nullable Duration heartbeat) {

    /** A wait without its heartbeat interval (a heartbeat callback then moves nothing). */
    public TaskWait(@Nullable Instant timeoutAt, @Nullable Instant heartbeatAt, @Nullable Instant answeredAt,
                    @Nullable String output, @Nullable String error, @Nullable String cause) {
        this(timeoutAt, heartbeatAt, answeredAt, output, error, cause, null);
    }

    /** Whether a callback answered. */
    public boolean answered() {
        return answeredAt != null;
    }

    /** The earlier of the two deadlines, or null when neither is set. */
    @Nullable
    public Instant nextDeadline() {
        if (timeoutAt == null) {
            return heartbeatAt;
        }
        return heartbeatAt == null || timeoutAt.isBefore(heartbeatAt) ? timeoutAt : heartbeatAt;
    }
}

package io.hookrun.workflowstep;

import io.hookrun.core.message.StepQueue;

import java.time.Instant;

/**
 * SQS delays for steps that must not start before a time (a Wait state, a Retry interval). SQS delays a message by
 * at most 15 minutes ({@code DelaySeconds}, <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html">SendMessage</a>),
 * so a longer wait is a chain: the message carries its {@code notBefore}, and each early delivery sends it again with
 * what is left, at most {@value StepQueue#MAX_DELAY_SECONDS} s at a time.
 */
final class StepDelay {

    private StepDelay() {
    }

    /**
     * The delay to send a message with so that it arrives at {@code notBefore} or, when that is further than SQS can
     * delay, as late as SQS allows: whole seconds, rounded up (a message never arrives early by a rounding), 0 when
     * {@code notBefore} is null or past.
     */
    static int seconds(Instant now, Instant notBefore) {
        if (notBefore == null || !notBefore.isAfter(now)) {
            return 0;
        }
        long whole = notBefore.getEpochSecond() - now.getEpochSecond();
        long seconds = notBefore.getNano() > now.getNano() ? whole + 1 : whole;
        return (int) Math.clamp(seconds, 0, StepQueue.MAX_DELAY_SECONDS);
    }

    /** Whether a message with {@code notBefore} received at {@code now} came too early (it is then sent on again). */
    static boolean early(Instant now, Instant notBefore) {
        return notBefore != null && now.isBefore(notBefore);
    }
}

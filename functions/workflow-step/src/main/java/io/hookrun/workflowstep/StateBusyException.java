package io.hookrun.workflowstep;

import java.time.Instant;

/**
 * Another attempt holds the step's claim until {@code leaseUntil}: this copy of the message must come back later.
 * Not a failure of the run; like an outage, it is no reason to send the message to the dead-letter queue.
 */
final class StateBusyException extends RuntimeException {

    private final Instant leaseUntil;

    StateBusyException(String message, Instant leaseUntil) {
        super(message, null, false, false);
        this.leaseUntil = leaseUntil;
    }

    Instant leaseUntil() {
        return leaseUntil;
    }
}

package io.hookrun.webhook;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of a 202: what the sender is told when its event is queued, and the text stored with the delivery claim
 * so that every duplicate is given exactly the same answer again.
 */
@Serdeable
public record AcceptedAnswer(String eventId, String runId, String status) {

    /** The answer for an event now on the queue. */
    public static AcceptedAnswer queued(IngestionOutcome.Accepted accepted) {
        return new AcceptedAnswer(accepted.eventId(), accepted.runId(), "QUEUED");
    }
}

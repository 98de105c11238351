package io.hookrun.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of a 202: what the sender is told when its event is queued (or filtered out), and the text stored with the
 * delivery claim so that every duplicate is given exactly the same answer again.
 *
 * @param eventId the id of the CloudEvent the run receives (the delivery id, unless the sender sent a CloudEvent)
 * @param runId   the run the event starts; {@code null} when it starts none ({@code FILTERED}): the claim's run id
 *                is never shown then, since that run will never exist
 * @param status  {@code QUEUED} or {@code FILTERED}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AcceptedAnswer(String eventId, @Nullable String runId, String status) {

    /** The answer for an event of a type the trigger does not take: nothing was started. */
    public static AcceptedAnswer filtered(IngestionOutcome.Filtered filtered) {
        return new AcceptedAnswer(filtered.eventId(), null, "FILTERED");
    }

    /** The answer for an event now on the queue. */
    public static AcceptedAnswer queued(IngestionOutcome.Accepted accepted) {
        return new AcceptedAnswer(accepted.eventId(), accepted.runId(), "QUEUED");
    }
}

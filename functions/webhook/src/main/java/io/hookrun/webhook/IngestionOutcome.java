package io.hookrun.webhook;

import io.hookrun.core.message.MessageRefusedException;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * What became of one webhook delivery: the result of {@link WebhookIngestion#accept}, in the domain's words.
 * {@link WebhookHandler} alone turns it into an HTTP answer. Bugs are not outcomes: they propagate as exceptions.
 */
public sealed interface IngestionOutcome {

    /** The event is on the queue and will start run {@code runId}; {@code eventId} is its CloudEvent id. */
    record Accepted(String eventId, String runId) implements IngestionOutcome {
    }

    /**
     * The trigger does not take this event type ({@code event.types}): recorded with the delivery claim so that a
     * replay is answered FILTERED again, and nothing is started.
     */
    record Filtered(String eventId, String eventType) implements IngestionOutcome {
    }

    /** The same delivery was answered before: {@code storedBody} is that answer, given again; nothing is started. */
    record Replayed(int status, String storedBody) implements IngestionOutcome {
    }

    /** Another copy of this delivery is being accepted right now; ask again after {@code retryAfter}. */
    record InProgress(String deliveryId, Duration retryAfter) implements IngestionOutcome {
    }

    /**
     * A dependency did not answer, or answered "not now" (timeouts, resets, throttling, 5xx). The event was not
     * accepted; the sender's retry after {@code retryAfter} will be. If the delivery was already claimed, the claim
     * keeps its run id, so the retry starts that same run and never a second one.
     */
    record Unavailable(Duration retryAfter, Dependency dependency) implements IngestionOutcome {
    }

    /**
     * The trigger's rate limit is reached: nothing was parsed or written; the same delivery sent after
     * {@code retryAfter} is admitted unless others took its place.
     */
    record RateLimited(String triggerId, Duration retryAfter) implements IngestionOutcome {
    }

    /** What {@link Unavailable} could not reach. */
    enum Dependency {
        /** The trigger store (DynamoDB). */
        TRIGGERS,
        /** The rate limit buckets (DynamoDB). */
        RATE_LIMITS,
        /** The delivery claims (DynamoDB). */
        DELIVERY_CLAIMS,
        /** The steps queue (SQS). */
        STEPS_QUEUE
    }

    /** The delivery is refused for good: sending it again unchanged gets the same answer. Nothing was recorded. */
    sealed interface Refused extends IngestionOutcome {
    }

    /**
     * The body is over the limit: the deployment's (checked before anything else is read) or the trigger's lower
     * {@code event.maxBodyBytes} ({@code triggerLimit}).
     */
    record PayloadTooLarge(int bodyBytes, int maxBodyBytes, boolean triggerLimit) implements Refused {

        public PayloadTooLarge(int bodyBytes, int maxBodyBytes) {
            this(bodyBytes, maxBodyBytes, false);
        }
    }

    /** A header's value, or all headers together ({@code header} null), are over {@link RequestLimits}. */
    record HeadersTooLarge(@Nullable String header, int bytes, int maxBytes) implements Refused {
    }

    /**
     * The path does not name a trigger in the syntax trigger ids have (or names it only once decoded): answered like
     * an unknown trigger, without looking it up and without echoing it.
     */
    record MalformedTriggerId() implements Refused {
    }

    /**
     * The event, in its CloudEvent envelope, would be larger than the queue's largest message; measured before the
     * delivery is claimed, so nothing was written.
     */
    record EventTooLarge(int bodyBytes, int messageBytes, int maxMessageBytes) implements Refused {
    }

    /**
     * The queue refused the event for what it contains (it should not happen: hookrun measures and escapes every
     * event). The claim was given up, keeping its run id, as after any failed send.
     */
    record QueueRefused(MessageRefusedException.Reason reason) implements Refused {
    }

    /**
     * The trigger is disabled (ADR 0009): answered {@code 423 Locked} before any signature work, so nothing was
     * claimed, limited or queued. A pause, not a refusal for good: senders that retry deliver once it is enabled.
     */
    record TriggerDisabled(String triggerId) implements IngestionOutcome {
    }

    /** No trigger has this id ({@code null}: the path had none). */
    record UnknownTrigger(String triggerId) implements Refused {
    }

    /** The signature check failed; {@code detail} says which check, and never contains a secret. */
    record InvalidSignature(String detail) implements Refused {
    }

    /**
     * The genuine delivery's event cannot be read as sent (content type, encoding, JSON, CloudEvent attributes,
     * delivery id); checked only once the signature is genuine. {@code detail} helps the sender fix it.
     */
    record InvalidEvent(EventProblem problem, String detail) implements Refused {
    }

    /** The event's data breaks the trigger's JSON Schema: every violation, each with its JSON pointer. */
    record SchemaViolations(String eventId, List<SchemaViolation> violations) implements Refused {
    }

    /** The delivery id was seen before with another body. */
    record DeliveryIdReused(String deliveryId) implements Refused {
    }
}

package io.hookrun.webhook;

import java.time.Duration;

/**
 * What became of one webhook delivery: the result of {@link WebhookIngestion#accept}, in the domain's words.
 * {@link WebhookHandler} alone turns it into an HTTP answer. Bugs are not outcomes: they propagate as exceptions.
 */
public sealed interface IngestionOutcome {

    /** The event is on the queue and will start run {@code runId}. */
    record Accepted(String eventId, String runId) implements IngestionOutcome {
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

    /** What {@link Unavailable} could not reach. */
    enum Dependency {
        /** The trigger store (DynamoDB). */
        TRIGGERS,
        /** The delivery claims (DynamoDB). */
        DELIVERY_CLAIMS,
        /** The steps queue (SQS). */
        STEPS_QUEUE
    }

    /** The delivery is refused for good: sending it again unchanged gets the same answer. Nothing was recorded. */
    sealed interface Refused extends IngestionOutcome {
    }

    /** The body is over the deployment's limit; checked before anything else is read. */
    record PayloadTooLarge(int bodyBytes, int maxBodyBytes) implements Refused {
    }

    /** No trigger has this id ({@code null}: the path had none). */
    record UnknownTrigger(String triggerId) implements Refused {
    }

    /** The signature check failed; {@code detail} says which check, and never contains a secret. */
    record InvalidSignature(String detail) implements Refused {
    }

    /** The body is declared JSON but is not; checked only once the signature is genuine. */
    record MalformedBody(String detail) implements Refused {
    }

    /** The delivery id was seen before with another body. */
    record DeliveryIdReused(String deliveryId) implements Refused {
    }
}

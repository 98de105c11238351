package io.hookrun.core.message;

import java.util.Map;

/**
 * The steps queue: accepted events and direct starts (which start runs) and workflow steps travel on it. The queue
 * carries retries; what keeps failing moves to its dead-letter queue.
 */
public interface StepQueue {

    /** SQS's longest {@code DelaySeconds}. */
    int MAX_DELAY_SECONDS = 900;

    /**
     * SQS's largest message, body and attributes together (1 MiB), which {@code template.yaml} sets as every queue's
     * {@code MaximumMessageSize}: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
     */
    int MAX_MESSAGE_BYTES = 1_048_576;

    /** Sends an accepted event; returns only once the queue has stored it (the event is then durable). */
    void sendEvent(CloudEvent event);

    /**
     * Serialises an event as {@link #sendEvent(PreparedEvent)} will send it and measures it, so that an event too large
     * for the queue is refused before anything is written rather than failing once the delivery is claimed.
     */
    PreparedEvent prepareEvent(CloudEvent event);

    /**
     * Sends an event prepared by {@link #prepareEvent} without serialising it again; returns only once the queue has
     * stored it. The default serialises again, for queues that do not keep the text.
     *
     * @throws MessageRefusedException the queue refused the message for what it contains (never for an outage)
     */
    default void sendEvent(PreparedEvent event) {
        sendEvent(event.event());
    }

    /** Sends a run start from the admin API; returns only once the queue has stored it. */
    void sendStart(StartRunMessage start);

    default void sendStep(StepMessage step) {
        sendStep(step, 0);
    }

    /** Sends a step, delivered after {@code delaySeconds} (0 to {@value #MAX_DELAY_SECONDS}). */
    void sendStep(StepMessage step, int delaySeconds);

    /** Delays the next delivery of a received message by {@code seconds} (0: at once). */
    void retryAfter(String receiptHandle, int seconds);

    /**
     * Sends a fresh copy of a received message: {@code body} as received, with these string attributes, delivered
     * after {@code delaySeconds} (0-900, SQS's {@code DelaySeconds}). The copy starts with a receive count of its
     * own, so a message that only ever failed because a dependency was down does not reach the dead-letter queue.
     */
    void resend(String body, Map<String, String> attributes, int delaySeconds);
}

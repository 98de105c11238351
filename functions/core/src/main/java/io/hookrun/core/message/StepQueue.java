package io.hookrun.core.message;

/**
 * The steps queue: accepted events (which start runs) and workflow steps travel on it. The queue carries
 * retries; what keeps failing moves to its dead-letter queue.
 */
public interface StepQueue {

    /** Sends an accepted event; returns only once the queue has stored it (the event is then durable). */
    void sendEvent(CloudEvent event);

    void sendStep(StepMessage step);

    /** Delays the next delivery of a received message by {@code seconds} (0: at once). */
    void retryAfter(String receiptHandle, int seconds);
}

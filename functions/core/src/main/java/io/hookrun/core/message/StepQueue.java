package io.hookrun.core.message;

import java.util.Map;

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

    /**
     * Sends a fresh copy of a received message: {@code body} as received, with these string attributes, delivered
     * after {@code delaySeconds} (0-900, SQS's {@code DelaySeconds}). The copy starts with a receive count of its
     * own, so a message that only ever failed because a dependency was down does not reach the dead-letter queue.
     */
    void resend(String body, Map<String, String> attributes, int delaySeconds);
}

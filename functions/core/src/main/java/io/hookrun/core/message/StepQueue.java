package io.hookrun.core.message;

import java.util.Map;

/**
 * The steps queue: accepted events and direct starts (which start runs) and workflow steps travel on it. The queue
 * carries retries; what keeps failing moves to its dead-letter queue.
 */
public interface StepQueue {

    /** SQS's longest {@code DelaySeconds}. */
    int MAX_DELAY_SECONDS = 900;

    /** Sends an accepted event; returns only once the queue has stored it (the event is then durable). */
    void sendEvent(CloudEvent event);

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

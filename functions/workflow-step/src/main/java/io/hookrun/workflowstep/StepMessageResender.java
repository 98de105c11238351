package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.hookrun.core.message.StepQueue;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps a message out of the dead-letter queue while the failure is not its fault. Every receive counts towards the
 * queue's maxReceiveCount, and a long PostgreSQL outage would otherwise walk accepted events and steps to the DLQ
 * (a 110 s freeze with {@code StepMaxReceiveCount} 5 did, and their runs were never created). So when a record fails
 * for a reason that will pass (a dependency down, the step held by another attempt) on its last or next-to-last
 * delivery, a fresh copy is sent (same body and attributes, a receive count of its own, delivered after a delay)
 * and the original is reported as handled.
 *
 * <p>Bounded: a copy carries {@value #OUTAGE_RESENDS_ATTRIBUTE} (how often it was re-sent, which sets the delay:
 * 60, 120, 240, 480, then 900 s, SQS's most) and {@value #FIRST_SENT_AT_ATTRIBUTE} (when the first copy was sent).
 * Once the message is older than {@code hookrun.step.outage-resend-max-age} (24 h by default) it is no longer
 * re-sent and takes the normal way to the DLQ. The queue keeps a message 14 days (MessageRetentionPeriod), each copy
 * for that long again, so the bound is this age, not retention.
 */
@Singleton
public class StepMessageResender {

    public static final String OUTAGE_RESENDS_ATTRIBUTE = "hookrun-outage-resends";
    public static final String FIRST_SENT_AT_ATTRIBUTE = "hookrun-first-sent-at";
    /** SQS's largest {@code DelaySeconds}. */
    static final int MAX_DELAY_SECONDS = 900;
    static final int FIRST_DELAY_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(StepMessageResender.class);

    private final StepQueue queue;
    private final StepConfiguration config;

    public StepMessageResender(StepQueue queue, StepConfiguration config) {
        this.queue = queue;
        this.config = config;
    }

    /**
     * Whether a copy would keep this delivery out of the DLQ and may still be sent: it is the last or next-to-last
     * delivery (the count is approximate, and a receive the function never saw also counts), and the message is
     * younger than the bound.
     */
    boolean mayResend(Delivery delivery, Instant now) {
        return delivery.receiveCount() >= config.maxReceiveCount() - 1
                && Duration.between(delivery.firstSentAt(), now).compareTo(config.outageResendMaxAge()) < 0;
    }

    /** The delay of the next copy after {@code resends} copies: 60 s, doubling, at most 900 s. */
    static int outageDelaySeconds(int resends) {
        return (int) Math.min(MAX_DELAY_SECONDS, (long) FIRST_DELAY_SECONDS << Math.min(Math.max(resends, 0), 5));
    }

    /**
     * Sends the copy, delivered after {@code delaySeconds}; false when the queue did not take it (the original must
     * then stay, and fails as usual).
     */
    boolean resend(SQSMessage record, Delivery delivery, int delaySeconds) {
        Map<String, String> attributes = new HashMap<>();
        if (record.getMessageAttributes() != null) {
            record.getMessageAttributes().forEach((name, value) -> {
                if (value != null && value.getStringValue() != null) {
                    attributes.put(name, value.getStringValue());
                }
            });
        }
        attributes.put(OUTAGE_RESENDS_ATTRIBUTE, Integer.toString(delivery.outageResends() + 1));
        attributes.put(FIRST_SENT_AT_ATTRIBUTE, Long.toString(delivery.firstSentAt().toEpochMilli()));
        int delay = Math.clamp(delaySeconds, 0, MAX_DELAY_SECONDS);
        try {
            queue.resend(record.getBody(), attributes, delay);
            LOG.warn("message {} re-sent as a fresh copy (re-send {}, delivered in {} s) instead of spending delivery {}"
                    + " of {}", record.getMessageId(), delivery.outageResends() + 1, delay, delivery.receiveCount(),
                    config.maxReceiveCount());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("message {} could not be re-sent: {}", record.getMessageId(), e.toString());
            return false;
        }
    }
}

package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

import java.time.Instant;
import java.util.Map;

/**
 * What SQS says about this delivery of a record, with what hookrun's own attributes add to a re-sent copy.
 *
 * @param receiveCount  SQS's {@code ApproximateReceiveCount} (1 when absent or unreadable)
 * @param firstSentAt   when the first copy of the message was sent: {@value StepMessageResender#FIRST_SENT_AT_ATTRIBUTE}
 *                      of a re-sent copy, else SQS's {@code SentTimestamp}, else now
 * @param outageResends how often the message was re-sent because a dependency was down
 *                      ({@value StepMessageResender#OUTAGE_RESENDS_ATTRIBUTE}); 0 for the original
 */
record Delivery(int receiveCount, Instant firstSentAt, int outageResends) {

    static Delivery of(SQSMessage record, Instant now) {
        long sentAt = number(systemAttribute(record, "SentTimestamp"), now.toEpochMilli());
        long firstSentAt = number(attribute(record, StepMessageResender.FIRST_SENT_AT_ATTRIBUTE), sentAt);
        int resends = Math.max(0, number(attribute(record, StepMessageResender.OUTAGE_RESENDS_ATTRIBUTE), 0));
        return new Delivery(receiveCount(record), Instant.ofEpochMilli(firstSentAt), resends);
    }

    /** SQS's {@code ApproximateReceiveCount}; 1 when absent or unreadable. */
    static int receiveCount(SQSMessage record) {
        return Math.max(1, number(systemAttribute(record, "ApproximateReceiveCount"), 1));
    }

    private static String systemAttribute(SQSMessage record, String name) {
        Map<String, String> attributes = record.getAttributes();
        return attributes == null ? null : attributes.get(name);
    }

    private static String attribute(SQSMessage record, String name) {
        var attributes = record.getMessageAttributes();
        var attribute = attributes == null ? null : attributes.get(name);
        return attribute == null ? null : attribute.getStringValue();
    }

    private static int number(String text, int fallback) {
        return (int) Math.clamp(number(text, (long) fallback), Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static long number(String text, long fallback) {
        try {
            return text == null ? fallback : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}

package io.hookrun.core.message;

/**
 * An event serialised once, exactly as {@link StepQueue#sendEvent(PreparedEvent)} sends it, so that its size can be
 * checked before anything is written (the delivery claim) and the same text is then sent.
 *
 * @param event        the event
 * @param body         the message body: the event's JSON text, safe for SQS ({@link SqsMessageText})
 * @param messageBytes what the queue counts against its largest message: the body's UTF-8 bytes and the message
 *                     attributes' names, types and values
 */
public record PreparedEvent(CloudEvent event, String body, int messageBytes) {

    /** Whether the queue takes a message this large ({@link StepQueue#MAX_MESSAGE_BYTES}). */
    public boolean fits() {
        return messageBytes <= StepQueue.MAX_MESSAGE_BYTES;
    }
}

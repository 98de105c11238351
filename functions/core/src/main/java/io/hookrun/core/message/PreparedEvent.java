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

    /**
     * The same message for the run {@code runId}, without serialising the event again: the event was prepared with
     * a placeholder run id of the same length (every run id is a 36-character UUID), which is swapped in the text.
     * {@link CloudEvent#toJson()} writes {@code hookrunrunid} before {@code data}, and a sender's own extension of
     * that name is dropped, so the first occurrence is hookrun's; the size does not change.
     */
    public PreparedEvent withRunId(String runId) {
        String placeholder = "\"hookrunrunid\":\"" + event.hookrunrunid() + "\"";
        int at = body.indexOf(placeholder);
        String replacement = "\"hookrunrunid\":\"" + runId + "\"";
        if (at < 0 || replacement.length() != placeholder.length()) {
            throw new IllegalStateException("the event was not prepared with a placeholder run id of the run id's size");
        }
        String sent = body.substring(0, at) + replacement + body.substring(at + placeholder.length());
        return new PreparedEvent(event.withRunId(runId), sent, messageBytes);
    }

    /** Whether the queue takes a message this large ({@link StepQueue#MAX_MESSAGE_BYTES}). */
    public boolean fits() {
        return messageBytes <= StepQueue.MAX_MESSAGE_BYTES;
    }
}

package io.hookrun.webhook;

/**
 * Thrown by the readers of the ingestion path when a genuine delivery's event cannot be accepted as sent: the sender
 * must change the request. {@link WebhookIngestion} turns it into {@link IngestionOutcome.InvalidEvent}. The detail
 * helps the sender fix the request and never quotes the body.
 */
public class EventRefusedException extends Exception {

    private final EventProblem problem;

    public EventRefusedException(EventProblem problem, String detail) {
        super(detail, null, false, false);
        this.problem = problem;
    }

    public EventProblem problem() {
        return problem;
    }
}

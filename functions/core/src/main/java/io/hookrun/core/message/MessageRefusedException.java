package io.hookrun.core.message;

/**
 * The queue refused a message for what it contains (too large, characters it does not take): sending the same message
 * again gets the same answer, so it is the request's fault and is answered with a 4xx, not "503, retry it".
 */
public class MessageRefusedException extends RuntimeException {

    /** Why the queue refused the message. */
    public enum Reason {
        /** Over the queue's largest message. */
        TOO_LARGE,
        /** Characters or attributes the queue does not take. */
        INVALID_CONTENTS
    }

    private final Reason reason;

    public MessageRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

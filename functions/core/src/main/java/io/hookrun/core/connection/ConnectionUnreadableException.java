package io.hookrun.core.connection;

/** A connection exists but its secret cannot be read (store outage) or is malformed; the message quotes no value. */
public final class ConnectionUnreadableException extends RuntimeException {

    private final boolean outage;

    /** @param outage true when the store could not be reached (retrying may help), false when the secret is malformed */
    public ConnectionUnreadableException(String message, boolean outage, Throwable cause) {
        super(message, cause);
        this.outage = outage;
    }

    public boolean outage() {
        return outage;
    }
}

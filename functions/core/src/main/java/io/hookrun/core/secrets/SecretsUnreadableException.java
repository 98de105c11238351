package io.hookrun.core.secrets;

/**
 * A trigger's sealed secrets did not open: the blob or its wrapped key was changed, copied from another trigger, or
 * sealed under another key (a different {@code hookrun.secrets.key-file} or KMS key). Not an outage: answered as a
 * bug (500), never retried as 503. The message names the trigger, never a secret or key byte.
 */
public class SecretsUnreadableException extends RuntimeException {

    public SecretsUnreadableException(String message) {
        super(message);
    }

    public SecretsUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}

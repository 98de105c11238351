package io.hookrun.core.signature;

/**
 * A delivery that must be refused with 401. The message says which check failed (missing header, stale
 * timestamp, no matching signature) and is safe to return to the sender: it never contains a secret.
 */
public class SignatureVerificationException extends Exception {

    public SignatureVerificationException(String message) {
        super(message);
    }
}

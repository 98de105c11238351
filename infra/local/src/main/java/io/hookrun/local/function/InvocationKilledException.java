package io.hookrun.local.function;

/**
 * An invocation the kill fault ended ({@link KilledInvocations}): it returned nothing, as a Lambda invocation that
 * timed out or crashed returns nothing, so whatever it was given is delivered again.
 */
public final class InvocationKilledException extends RuntimeException {

    InvocationKilledException(String function, Throwable raised) {
        super(function + ": invocation killed (--kill-after-call)", raised, false, false);
    }
}

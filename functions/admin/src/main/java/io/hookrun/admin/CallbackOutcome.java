package io.hookrun.admin;

/** How {@code POST /callbacks/{token}/{action}} turned out ({@link CallbackAdmin}); answered by {@link CallbackResponses}. */
sealed interface CallbackOutcome {

    /** The answer (or heartbeat) was recorded; for success and failure the step's message was sent too. */
    record Recorded(String action) implements CallbackOutcome { }

    /** The token does not verify, or names no step: one answer for both, so the route is no oracle. */
    record UnknownToken() implements CallbackOutcome { }

    /** A callback already answered the step: tokens are single-use. */
    record AlreadyAnswered() implements CallbackOutcome { }

    /** The step no longer waits: it timed out, or its run ended or was cancelled. */
    record NotWaiting() implements CallbackOutcome { }

    /** The body is not what the action takes. */
    record InvalidBody(String problem) implements CallbackOutcome { }

    /** The path is not {@code /callbacks/{token}/success|failure|heartbeat}. */
    record UnknownAction() implements CallbackOutcome { }

    /** Not POST. */
    record MethodNotAllowed(String method) implements CallbackOutcome { }

    /** Run history did not answer: nothing was recorded. */
    record Unavailable() implements CallbackOutcome { }

    /** A bug: logged without the token. */
    record Failed() implements CallbackOutcome { }
}

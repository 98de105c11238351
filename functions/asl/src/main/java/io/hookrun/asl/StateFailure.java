package io.hookrun.asl;

/** A state failed for good (bad expression, HTTP error status...): becomes {@link StepOutcome.Failed}. */
final class StateFailure extends Exception {

    private final String error;

    StateFailure(String error, String cause) {
        super(cause);
        this.error = error;
    }

    String error() {
        return error;
    }
}

package io.hookrun.asl;

/**
 * A state failed for good (an expression error, an HTTP error status, no matching choice...). The interpreter
 * turns it into {@link StepOutcome.Failed}; it is an exception only so that deep helpers can stop a state.
 */
public final class StateFailure extends Exception {

    private final String error;

    /**
     * @param error the Step Functions style error name, e.g. {@code States.QueryEvaluationError}
     * @param cause a human-readable explanation naming the state and field; never secrets such as headers
     */
    public StateFailure(String error, String cause) {
        super(cause, null, false, false);
        this.error = error;
    }

    public String error() {
        return error;
    }

    /** The human-readable cause (the exception message). */
    public String cause() {
        return getMessage();
    }
}

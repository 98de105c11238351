package io.hookrun.asl;

/**
 * What executing one state produced: a sealed set so that callers switch over it exhaustively and cannot forget
 * a terminal case.
 */
public sealed interface StepOutcome {

    /** Go on with {@code nextState}, whose input is {@code output}. */
    record Continue(String nextState, Object output) implements StepOutcome { }

    /** The run ends successfully with {@code output}. */
    record Succeeded(Object output) implements StepOutcome { }

    /** The run fails with a Step Functions style error name and a human-readable cause. */
    record Failed(String error, String cause) implements StepOutcome { }
}

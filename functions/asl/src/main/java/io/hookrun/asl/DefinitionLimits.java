package io.hookrun.asl;

/**
 * Bounds a definition must stay within beyond the language's own rules, set by where it runs.
 *
 * @param maxTaskTimeoutSeconds the largest {@code TimeoutSeconds} a Task may ask for. hookrun runs one state inside
 *                              one invocation of the step function, so a task can wait at most that function's
 *                              timeout minus the margin it keeps to record the result; a longer wait would be cut
 *                              short by Lambda, which then returns no partial batch response and the call is
 *                              repeated.
 */
public record DefinitionLimits(long maxTaskTimeoutSeconds) {

    /**
     * WorkflowStepFunction's {@code Timeout} in {@code template.yaml} (120 s: long enough for a Dify app's blocking
     * answer, which Dify Cloud cuts at 100 s) minus the step function's default safety margin
     * ({@code hookrun.step.time-margin}, 3 s). What {@link StateMachine#parse(String)} applies.
     */
    public static final DefinitionLimits DEFAULT = new DefinitionLimits(117);

    /**
     * No cap on {@code TimeoutSeconds}: for a definition that was already validated when its run started (a run keeps
     * the snapshot it started with, even if the limits changed since). The call is still cut at the invocation's
     * deadline when it runs.
     */
    public static final DefinitionLimits UNCAPPED = new DefinitionLimits(Long.MAX_VALUE);

    public DefinitionLimits {
        if (maxTaskTimeoutSeconds < 1) {
            throw new IllegalArgumentException("maxTaskTimeoutSeconds must be at least 1, got " + maxTaskTimeoutSeconds);
        }
    }
}

package io.hookrun.asl;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * Whether a Retrier's or Catcher's {@code ErrorEquals} matches an error, as Step Functions decides it
 * ("Handling errors in Step Functions workflows", error names):
 * <ul>
 *   <li>{@code States.Runtime} is matched by nothing, not even by a rule naming it: it "isn't retriable, and will
 *       always cause the execution to fail".</li>
 *   <li>{@code States.ALL} matches every other error, an error without a name included (a Fail state that sets
 *       only a Cause).</li>
 *   <li>{@code States.TaskFailed} matches every error except {@code States.Timeout} (documented) and
 *       {@code States.QueryEvaluationError} (an expression failing is not the task failing; measured on AWS by
 *       the sfnx and fakecloud projects, not in the AWS documentation).</li>
 *   <li>any other name matches itself exactly (names are case-sensitive).</li>
 * </ul>
 */
final class ErrorMatching {

    static final String ALL = "States.ALL";
    static final String TASK_FAILED = "States.TaskFailed";
    static final String RUNTIME = "States.Runtime";
    static final String TIMEOUT = "States.Timeout";

    private ErrorMatching() {
    }

    /** Whether a rule whose {@code ErrorEquals} is {@code errorEquals} applies to {@code error} (null: no name). */
    static boolean matches(@Nullable Object errorEquals, @Nullable String error) {
        if (RUNTIME.equals(error) || !(errorEquals instanceof List<?> names)) {
            return false;
        }
        for (Object name : names) {
            if (ALL.equals(name)) {
                return true;
            }
            if (TASK_FAILED.equals(name) && error != null && !TIMEOUT.equals(error)
                    && !JsonataTemplate.QUERY_EVALUATION_ERROR.equals(error)) {
                return true;
            }
            if (name != null && name.equals(error)) {
                return true;
            }
        }
        return false;
    }
}

package io.hookrun.asl;

import io.micronaut.core.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A state's {@code Catch} field ("Handling errors in Step Functions workflows", fallback states): the first Catcher
 * whose {@code ErrorEquals} matches takes the error. Its {@code Output} (default: {@code $states.errorOutput}) is
 * the next state's input, and its {@code Assign} writes to the scope of the state that caught, both evaluated with
 * the state's input, {@code $states.errorOutput} and the variables from before the state.
 */
final class Catchers {

    private Catchers() {
    }

    /**
     * {@code $states.errorOutput} as Step Functions builds it: {@code {"Error": ..., "Cause": ...}}. A part the error
     * does not have (a Fail state without Cause or without Error) is left out, as an execution's failure event
     * leaves it out.
     */
    static Map<String, Object> errorOutput(@Nullable String error, @Nullable String cause) {
        Map<String, Object> output = new LinkedHashMap<>();
        if (error != null) {
            output.put("Error", error);
        }
        if (cause != null) {
            output.put("Cause", cause);
        }
        return output;
    }

    /**
     * The catch of {@code error}, or null when no Catcher matches.
     *
     * @throws StateFailure when the Catcher's Output or Assign fails to evaluate: the state fails with that error
     */
    @Nullable
    static StepOutcome.Caught caught(Map<String, Object> state, @Nullable String error, @Nullable String cause,
                                     StatesVariable states, Map<String, Object> variables, String where)
            throws StateFailure {
        if (!(state.get("Catch") instanceof List<?> catchers)) {
            return null;
        }
        for (int i = 0; i < catchers.size(); i++) {
            Map<?, ?> catcher = (Map<?, ?>) catchers.get(i);
            if (!ErrorMatching.matches(catcher.get("ErrorEquals"), error)) {
                continue;
            }
            String at = where + ".Catch[" + i + "]";
            Map<String, Object> errorOutput = errorOutput(error, cause);
            Map<String, Object> bound = states.withErrorOutput(errorOutput);
            Object output = catcher.containsKey("Output")
                    ? JsonataTemplate.evaluate(catcher.get("Output"), bound, variables, at + ".Output")
                    : errorOutput;
            Map<String, Object> scope = Assignments.apply(catcher, bound, variables, at);
            return new StepOutcome.Caught(error, cause, (String) catcher.get("Next"), output, scope);
        }
        return null;
    }
}

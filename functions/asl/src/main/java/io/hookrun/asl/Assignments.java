package io.hookrun.asl;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code Assign} field of a state, a Choice rule or a Catcher ("Passing data between states with variables"):
 * every expression is evaluated with the variable values from before the state, so assignments are simultaneous
 * ({@code {"a": "{% $b %}", "b": "{% $a %}"}} swaps), and the new values are not visible to the same state's
 * Output. The result is the whole visible scope after the state.
 */
final class Assignments {

    /** "Maximum size of a single variable: 256 KiB" (AWS, variables limits). */
    static final int MAX_VARIABLE_BYTES = 256 * 1024;
    /** "Maximum combined size for all variables in a single Assign field: 256 KiB" (AWS, variables limits). */
    static final int MAX_ASSIGN_BYTES = 256 * 1024;

    private Assignments() {
    }

    /**
     * The scope after {@code fields}' Assign: {@code variables} with the assigned names replaced or added.
     *
     * @param fields    the state, rule or catcher that may hold {@code Assign}
     * @param states    {@code $states} as the Assign sees it
     * @param variables the visible scope before the state
     * @param where     the field's owner, e.g. {@code States.Fetch} or {@code States.Fetch.Catch[0]}
     */
    static Map<String, Object> apply(Map<?, ?> fields, Map<String, Object> states, Map<String, Object> variables,
                                     String where) throws StateFailure {
        Object assign = fields.get("Assign");
        if (!(assign instanceof Map<?, ?> template) || template.isEmpty()) {
            return variables;
        }
        Object evaluated = JsonataTemplate.evaluate(template, states, variables, where + ".Assign");
        if (!(evaluated instanceof Map<?, ?> assigned)) {
            throw new StateFailure(ErrorMatching.RUNTIME, where + ".Assign: must be an object");
        }
        int total = 0;
        Map<String, Object> scope = new LinkedHashMap<>(variables);
        for (Map.Entry<?, ?> e : assigned.entrySet()) {
            int size = bytes(e.getValue());
            if (size > MAX_VARIABLE_BYTES) {
                throw tooLarge(where + ".Assign." + e.getKey() + ": the value is " + size
                        + " bytes, more than the 256 KiB a variable may hold");
            }
            total += size;
            scope.put(String.valueOf(e.getKey()), e.getValue());
        }
        if (total > MAX_ASSIGN_BYTES) {
            throw tooLarge(where + ".Assign: the values assigned are " + total
                    + " bytes together, more than the 256 KiB one Assign may hold");
        }
        return scope;
    }

    private static int bytes(@Nullable Object value) {
        return JsonValues.write(value).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The AWS documentation states the limits but not the error a breach raises; {@code States.Runtime} (terminal,
     * as {@code States.DataLimitExceeded} is for payloads) is hookrun's choice.
     */
    private static StateFailure tooLarge(String cause) {
        return new StateFailure(ErrorMatching.RUNTIME, cause);
    }
}

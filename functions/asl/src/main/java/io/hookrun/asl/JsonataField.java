package io.hookrun.asl;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * Where an expression sits, named as Step Functions names it in the cause of a {@code States.QueryEvaluationError}:
 * the state, and the field with {@code /} between the keys inside it. Recorded on AWS:
 * <pre>
 * An error occurred while executing the state 'State0' (entered at the event id #2). The JSONata expression
 * '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).
 * </pre>
 * hookrun keeps no event history, so its causes leave out the "(entered at the event id #n)" part and are otherwise
 * the same. Array elements are written {@code Output/list[1]}, as AWS names a Choice rule's fields
 * ({@code Choices[1]/Output/v}, recorded by floci-io/floci#2689).
 *
 * @param state the state name, or null when {@code where} did not name one
 * @param path  the field, e.g. {@code Output/result}
 */
record JsonataField(@Nullable String state, String path) {

    /** The top-level fields that can hold JSONata, to find where a state name (which may contain dots) ends. */
    private static final List<String> FIELDS = List.of("Arguments", "Output", "Assign", "Condition", "Choices", "Catch",
            "Items", "ItemSelector", "Seconds", "Timestamp", "TimeoutSeconds", "HeartbeatSeconds", "MaxConcurrency",
            "ToleratedFailureCount", "ToleratedFailurePercentage", "Error", "Cause", "Credentials", "ItemReader",
            "ItemBatcher", "ResultWriter", "Result", "Parameters");
    private static final String STATES = "States.";

    /**
     * Reads hookrun's {@code where} form, {@code States.<state name>.<Field>[.key...]}, e.g.
     * {@code States.Fetch.Output} or {@code States.Pick.Choices[0].Condition}. Anything else is taken as a field path.
     */
    static JsonataField of(String where) {
        if (where.startsWith(STATES)) {
            String rest = where.substring(STATES.length());
            for (int dot = rest.indexOf('.'); dot > 0; dot = rest.indexOf('.', dot + 1)) {
                if (startsWithField(rest, dot + 1)) {
                    return new JsonataField(rest.substring(0, dot), rest.substring(dot + 1).replace('.', '/'));
                }
            }
        }
        return new JsonataField(null, where.replace('.', '/'));
    }

    JsonataField key(String key) {
        return new JsonataField(state, path + "/" + key);
    }

    JsonataField index(int index) {
        return new JsonataField(state, path + "[" + index + "]");
    }

    /** AWS's cause: the state, the expression and the field, then {@code outcome} ("returned nothing (undefined)."). */
    String cause(String expression, String outcome) {
        return (state == null ? "" : "An error occurred while executing the state '" + state + "'. ")
                + "The JSONata expression '" + expression + "' specified for the field '" + path + "' " + outcome;
    }

    private static boolean startsWithField(String text, int at) {
        for (String field : FIELDS) {
            int end = at + field.length();
            if (text.startsWith(field, at) && (end == text.length() || text.charAt(end) == '.' || text.charAt(end) == '[')) {
                return true;
            }
        }
        return false;
    }
}

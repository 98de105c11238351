package io.hookrun.asl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules for an {@code Assign} field (a state's, a Choice Rule's or a Catcher's), from the Amazon States Language
 * specification, "State Machine Variables":
 * <ul>
 *   <li>the value is a JSON object whose field names are the variables it assigns; its values may hold
 *       {@code {% %}} expressions, which must compile;</li>
 *   <li>a variable name is at most 80 Unicode characters and follows Unicode Standard Annex #31: an ID_Start
 *       character, then ID_Continue characters (so {@code x.y} or {@code x[2]} cannot assign part of a variable);</li>
 *   <li>{@code states} is reserved ({@code $states});</li>
 *   <li>"states in inner scopes MUST NOT assign to a variable with the same name as a variable in an outer scope":
 *       a state inside a Parallel branch or a Map ItemProcessor may read the variables of the scopes around it, not
 *       assign them. A variable exists in a scope when any state of that scope assigns it, whatever the order.</li>
 * </ul>
 */
final class AssignValidator {

    static final int MAX_NAME_LENGTH = 80;

    private final List<String> problems;

    AssignValidator(List<String> problems) {
        this.problems = problems;
    }

    /**
     * Checks one Assign field.
     *
     * @param outerVariables the variables of the enclosing scopes, each with where it is first assigned; empty at the
     *                       top level
     * @param binding        what {@code $states} holds where this Assign is evaluated
     */
    void validate(String where, Object assign, Map<String, String> outerVariables, StatesBinding binding) {
        if (!(assign instanceof Map<?, ?> bindings)) {
            problems.add(where + ": must be an object whose fields name the variables to assign");
            return;
        }
        bindings.forEach((key, value) -> {
            String name = String.valueOf(key);
            String at = where + "." + name;
            String nameProblem = nameProblem(name);
            if (nameProblem != null) {
                problems.add(at + ": " + nameProblem);
            } else if (outerVariables.containsKey(name)) {
                problems.add(at + ": '" + name + "' is a variable of an outer scope (assigned at "
                        + outerVariables.get(name) + "); a state inside a Parallel branch or a Map ItemProcessor may"
                        + " read it but not assign it (variable names must be unique across inner and outer scopes)");
            }
            JsonataTemplate.checkExpressions(value, at, binding, problems);
        });
    }

    /** Why {@code name} cannot be a variable name, or null when it can. */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "a variable name cannot be empty";
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            return "the variable name is longer than " + MAX_NAME_LENGTH + " characters";
        }
        if ("states".equals(name)) {
            return "'states' is reserved ($states is set by Step Functions in every state) and cannot be assigned";
        }
        int first = name.codePointAt(0);
        boolean valid = Character.isUnicodeIdentifierStart(first)
                && name.codePoints().skip(1).allMatch(AssignValidator::isIdContinue);
        if (!valid) {
            return "'" + name + "' is not a valid variable name: it must start with a letter (Unicode ID_Start) and"
                    + " continue with letters, digits or '_' (Unicode ID_Continue)"
                    + (name.contains(".") || name.contains("[") ? "; a state cannot assign part of a variable" : "");
        }
        return null;
    }

    /**
     * Java's identifier-part test also admits "ignorable" control characters, which Unicode's ID_Continue does not.
     */
    private static boolean isIdContinue(int codePoint) {
        return Character.isUnicodeIdentifierPart(codePoint) && !Character.isIdentifierIgnorable(codePoint);
    }

    /**
     * The variables the states of one scope assign (their own, their Choice Rules' and their Catchers' Assign
     * fields; not those of nested branches), each with where it is first assigned, in definition order.
     *
     * @param scopePath the scope's location prefix: empty at the top level, e.g. {@code States.Fan.Branches[0].}
     */
    static Map<String, String> assignedIn(String scopePath, Map<?, ?> states) {
        Map<String, String> variables = new LinkedHashMap<>();
        states.forEach((name, value) -> {
            if (!(value instanceof Map<?, ?> state)) {
                return;
            }
            String where = scopePath + "States." + name;
            collect(variables, where + ".Assign", state.get("Assign"));
            collectFromList(variables, where + ".Choices", state.get("Choices"));
            collectFromList(variables, where + ".Catch", state.get("Catch"));
        });
        return variables;
    }

    private static void collectFromList(Map<String, String> variables, String where, Object list) {
        if (list instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof Map<?, ?> item) {
                    collect(variables, where + "[" + i + "].Assign", item.get("Assign"));
                }
            }
        }
    }

    private static void collect(Map<String, String> variables, String where, Object assign) {
        if (assign instanceof Map<?, ?> bindings) {
            bindings.keySet().forEach(key -> variables.putIfAbsent(String.valueOf(key), where));
        }
    }
}

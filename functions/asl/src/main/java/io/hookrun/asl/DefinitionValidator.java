package io.hookrun.asl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a parsed definition against what hookrun executes, collecting every problem with its location
 * ({@code States.Fetch.Next: 'Nope' is not a state}) so that one round trip fixes them all. Rules for the
 * fields of each state live in {@link StateValidator}; this class covers the top level and the graph.
 */
final class DefinitionValidator {

    private static final Set<String> TOP_LEVEL = Set.of("QueryLanguage", "StartAt", "States", "Comment",
            "TimeoutSeconds", "Version");

    private DefinitionValidator() {
    }

    @SuppressWarnings("unchecked")
    static List<String> validate(Object parsed, DefinitionLimits limits) {
        if (!(parsed instanceof Map<?, ?> root)) {
            return List.of("the definition must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        Object language = root.get("QueryLanguage");
        if (language == null) {
            problems.add("QueryLanguage: is required and must be \"JSONata\"");
        } else if (!StateValidator.JSONATA.equals(language)) {
            problems.add("QueryLanguage: must be \"JSONata\" (got " + describe(language) + "; JSONPath is not supported)");
        }
        for (Object field : root.keySet()) {
            if (!TOP_LEVEL.contains(field)) {
                problems.add(field + ": unknown top-level field");
            }
        }
        Object timeout = root.get("TimeoutSeconds");
        if (timeout != null && !StateValidator.isPositiveWholeNumber(timeout)) {
            problems.add("TimeoutSeconds: must be a positive whole number of seconds");
        }
        Object states = root.get("States");
        Map<String, Object> stateMap = states instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        if (stateMap.isEmpty()) {
            problems.add("States: must be a non-empty object");
        }
        Object startAt = root.get("StartAt");
        if (startAt == null) {
            problems.add("StartAt: is required");
        } else if (!(startAt instanceof String) || !stateMap.containsKey(startAt)) {
            problems.add("StartAt: " + describe(startAt) + " is not a state");
        }
        StateValidator stateValidator = new StateValidator(stateMap.keySet(), problems, limits);
        stateMap.forEach(stateValidator::validate);
        if (startAt instanceof String start && stateMap.containsKey(start)) {
            for (String name : unreachable(start, stateMap)) {
                problems.add("States." + name + ": is not reachable from StartAt");
            }
        }
        return problems;
    }

    /** A value as a message shows it: strings quoted with {@code '}, other values as JSON. */
    static String describe(Object value) {
        return value instanceof String s ? "'" + s + "'" : JsonValues.write(value);
    }

    /** Names of the states no transition path from {@code start} leads to, in definition order. */
    private static List<String> unreachable(String start, Map<String, Object> states) {
        Set<Object> seen = new LinkedHashSet<>();
        Deque<Object> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            Object name = todo.pop();
            if (!seen.add(name) || !(states.get(name) instanceof Map<?, ?> state)) {
                continue;
            }
            addIfPresent(todo, state.get("Next"));
            addIfPresent(todo, state.get("Default"));
            if (state.get("Choices") instanceof List<?> choices) {
                for (Object choice : choices) {
                    if (choice instanceof Map<?, ?> rule) {
                        addIfPresent(todo, rule.get("Next"));
                    }
                }
            }
        }
        return states.keySet().stream().filter(name -> !seen.contains(name)).toList();
    }

    private static void addIfPresent(Deque<Object> todo, Object target) {
        if (target != null) {
            todo.add(target);
        }
    }
}

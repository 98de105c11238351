package io.hookrun.asl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a parsed definition against what hookrun executes, collecting every problem with its location
 * ({@code States.Fetch.Next: 'Nope' is not a state}) so one round trip fixes them all.
 */
final class DefinitionValidator {

    static final String HTTP_INVOKE = "arn:aws:states:::http:invoke";
    private static final Set<String> TYPES = Set.of("Pass", "Task", "Choice", "Succeed", "Fail");
    private static final Set<String> TERMINAL = Set.of("Succeed", "Fail");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
    /** JSONPath-era or not-yet-supported fields: refused rather than silently ignored. */
    private static final Set<String> UNSUPPORTED = Set.of("Parameters", "ResultPath", "InputPath", "OutputPath",
            "ResultSelector", "Result", "Retry", "Catch", "Assign", "Items", "ItemProcessor", "Iterator", "Branches",
            "HeartbeatSeconds", "Credentials");
    private static final Set<String> KNOWN = Set.of("Type", "Comment", "Next", "End", "QueryLanguage", "Output",
            "Arguments", "Resource", "TimeoutSeconds", "Choices", "Default", "Error", "Cause");

    private DefinitionValidator() {
    }

    @SuppressWarnings("unchecked")
    static List<String> validate(Object parsed) {
        List<String> problems = new ArrayList<>();
        if (!(parsed instanceof Map<?, ?> root)) {
            return List.of("the definition must be a JSON object");
        }
        if (!"JSONata".equals(root.get("QueryLanguage"))) {
            problems.add("QueryLanguage must be \"JSONata\" (JSONPath definitions are not supported)");
        }
        Object states = root.get("States");
        if (!(states instanceof Map<?, ?> stateMap) || stateMap.isEmpty()) {
            problems.add("States must be a non-empty object");
            return problems;
        }
        Object startAt = root.get("StartAt");
        if (!(startAt instanceof String start)) {
            problems.add("StartAt is required");
        } else if (!stateMap.containsKey(start)) {
            problems.add("StartAt: '" + start + "' is not a state");
        }
        for (Map.Entry<?, ?> entry : stateMap.entrySet()) {
            String where = "States." + entry.getKey();
            if (entry.getValue() instanceof Map<?, ?> state) {
                validateState(where, (Map<String, Object>) state, stateMap.keySet(), problems);
            } else {
                problems.add(where + ": must be an object");
            }
        }
        if (startAt instanceof String start && stateMap.containsKey(start)) {
            for (Object name : unreachable(start, (Map<String, Object>) stateMap)) {
                problems.add("States." + name + ": is not reachable from StartAt");
            }
        }
        return problems;
    }

    private static void validateState(String where, Map<String, Object> state, Set<?> names, List<String> problems) {
        Object type = state.get("Type");
        if (!(type instanceof String t) || !TYPES.contains(t)) {
            problems.add(where + ".Type: must be one of " + new java.util.TreeSet<>(TYPES) + " (got " + type + ")");
            return;
        }
        Object language = state.get("QueryLanguage");
        if (language != null && !"JSONata".equals(language)) {
            problems.add(where + ".QueryLanguage: only \"JSONata\" is supported");
        }
        for (String field : state.keySet()) {
            if (UNSUPPORTED.contains(field)) {
                problems.add(where + "." + field + ": not supported yet");
            } else if (!KNOWN.contains(field)) {
                problems.add(where + "." + field + ": unknown field");
            }
        }
        checkTransition(where, t, state, names, problems);
        JsonataTemplate.checkExpressions(state.get("Output"), where + ".Output", problems);
        JsonataTemplate.checkExpressions(state.get("Arguments"), where + ".Arguments", problems);
        switch (t) {
            case "Task" -> validateTask(where, state, problems);
            case "Choice" -> validateChoice(where, state, names, problems);
            case "Fail" -> {
                JsonataTemplate.checkExpressions(state.get("Error"), where + ".Error", problems);
                JsonataTemplate.checkExpressions(state.get("Cause"), where + ".Cause", problems);
            }
            default -> { }
        }
        if (!t.equals("Task") && state.containsKey("Arguments")) {
            problems.add(where + ".Arguments: only Task states take Arguments");
        }
    }

    private static void checkTransition(String where, String type, Map<String, Object> state, Set<?> names,
                                        List<String> problems) {
        boolean hasNext = state.containsKey("Next");
        boolean end = Boolean.TRUE.equals(state.get("End"));
        if (TERMINAL.contains(type) || type.equals("Choice")) {
            if (hasNext || state.containsKey("End")) {
                problems.add(where + ": a " + type + " state takes neither Next nor End");
            }
            return;
        }
        if (hasNext && end) {
            problems.add(where + ": has both Next and End");
        } else if (!hasNext && !end) {
            problems.add(where + ": needs Next or \"End\": true");
        } else if (hasNext) {
            checkTarget(where + ".Next", state.get("Next"), names, problems);
        }
    }

    private static void validateTask(String where, Map<String, Object> state, List<String> problems) {
        if (!HTTP_INVOKE.equals(state.get("Resource"))) {
            problems.add(where + ".Resource: only \"" + HTTP_INVOKE + "\" is supported (got " + state.get("Resource") + ")");
        }
        if (!(state.get("Arguments") instanceof Map<?, ?> arguments)) {
            problems.add(where + ".Arguments: an object with ApiEndpoint and Method is required");
            return;
        }
        Object endpoint = arguments.get("ApiEndpoint");
        if (endpoint == null) {
            problems.add(where + ".Arguments.ApiEndpoint: is required");
        } else if (JsonataTemplate.expressionOf(endpoint) == null
                && !(endpoint instanceof String url && (url.startsWith("http://") || url.startsWith("https://")))) {
            problems.add(where + ".Arguments.ApiEndpoint: must be an http(s) URL or a {% %} expression");
        }
        Object method = arguments.get("Method");
        if (method == null) {
            problems.add(where + ".Arguments.Method: is required");
        } else if (JsonataTemplate.expressionOf(method) == null && !METHODS.contains(String.valueOf(method))) {
            problems.add(where + ".Arguments.Method: must be one of " + new java.util.TreeSet<>(METHODS));
        }
        Object timeout = state.get("TimeoutSeconds");
        if (timeout != null && !(timeout instanceof Number n && n.doubleValue() >= 1)) {
            problems.add(where + ".TimeoutSeconds: must be a positive number");
        }
    }

    private static void validateChoice(String where, Map<String, Object> state, Set<?> names, List<String> problems) {
        if (!(state.get("Choices") instanceof List<?> choices) || choices.isEmpty()) {
            problems.add(where + ".Choices: a non-empty array is required");
        } else {
            for (int i = 0; i < choices.size(); i++) {
                String rule = where + ".Choices[" + i + "]";
                if (!(choices.get(i) instanceof Map<?, ?> choice)) {
                    problems.add(rule + ": must be an object");
                    continue;
                }
                Object condition = choice.get("Condition");
                if (condition == null) {
                    problems.add(rule + ".Condition: is required");
                } else if (!(condition instanceof Boolean) && JsonataTemplate.expressionOf(condition) == null) {
                    problems.add(rule + ".Condition: must be a {% %} expression");
                } else {
                    JsonataTemplate.checkExpressions(condition, rule + ".Condition", problems);
                }
                JsonataTemplate.checkExpressions(choice.get("Output"), rule + ".Output", problems);
                if (choice.get("Next") == null) {
                    problems.add(rule + ".Next: is required");
                } else {
                    checkTarget(rule + ".Next", choice.get("Next"), names, problems);
                }
            }
        }
        if (state.containsKey("Default")) {
            checkTarget(where + ".Default", state.get("Default"), names, problems);
        }
    }

    private static void checkTarget(String where, Object target, Set<?> names, List<String> problems) {
        if (!names.contains(target)) {
            problems.add(where + ": '" + target + "' is not a state");
        }
    }

    private static List<Object> unreachable(String start, Map<String, Object> states) {
        Set<Object> seen = new HashSet<>();
        Deque<Object> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            Object name = todo.pop();
            if (!seen.add(name) || !(states.get(name) instanceof Map<?, ?> state)) {
                continue;
            }
            todo.add(String.valueOf(state.get("Next")));
            todo.add(String.valueOf(state.get("Default")));
            if (state.get("Choices") instanceof List<?> choices) {
                choices.forEach(c -> { if (c instanceof Map<?, ?> m) todo.add(String.valueOf(m.get("Next"))); });
            }
        }
        return states.keySet().stream().filter(n -> !seen.contains(n)).map(n -> (Object) n).toList();
    }
}

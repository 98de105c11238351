package io.hookrun.asl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a parsed definition as Step Functions does in JSONata mode, collecting every problem with its location
 * ({@code States.Fetch.Next: 'Nope' is not a state}, {@code States.Fan.Branches[0].States.Inner.Next: ...}) so that
 * one round trip fixes them all. This class covers the top level and the scopes: each {@code States} object (the
 * top level, every Parallel branch, every Map ItemProcessor) is checked on its own, with its StartAt, its states
 * ({@link StateValidator}), a terminal state, and no state it cannot reach. State names are unique across the whole
 * definition, as the specification requires ("States"): the interpreter finds a nested state by its name alone.
 * Problems come in definition order: a state's own, then those of the scopes inside it, then its scope's graph.
 */
final class DefinitionValidator {

    /** Specification, "States": a state name's length MUST be at most 80 Unicode characters. */
    static final int MAX_STATE_NAME_LENGTH = 80;

    private static final Set<String> TOP_LEVEL = Set.of("QueryLanguage", "StartAt", "States", "Comment",
            "TimeoutSeconds", "Version");

    private final List<String> problems = new ArrayList<>();
    private final DefinitionLimits limits;
    private final FieldValues values = new FieldValues(problems);
    /** Every state name with the locations it appears at, in definition order. */
    private final Map<String, List<String>> stateLocations = new LinkedHashMap<>();
    /** Every state name with the label of the scope it first appears in. */
    private final Map<String, String> scopeOfState = new LinkedHashMap<>();
    /** How many states, nested ones included, declare "QueryLanguage": "JSONata" themselves. */
    private int jsonataStates;
    private DefinitionContext context;

    private DefinitionValidator(DefinitionLimits limits) {
        this.limits = limits;
    }

    static List<String> validate(Object parsed, DefinitionLimits limits) {
        if (!(parsed instanceof Map<?, ?> root)) {
            return List.of("the definition must be a JSON object");
        }
        DefinitionValidator validator = new DefinitionValidator(limits);
        validator.validateTopLevel(root);
        return validator.problems;
    }

    /** A value as a message shows it: strings quoted with {@code '}, other values as JSON. */
    static String describe(Object value) {
        return value instanceof String s ? "'" + s + "'" : JsonValues.write(value);
    }

    private void validateTopLevel(Map<?, ?> root) {
        index("", root.get("States"));
        Object language = root.get("QueryLanguage");
        boolean machineJsonata = StateValidator.JSONATA.equals(language);
        boolean someStateJsonata = jsonataStates > 0;
        if (language != null && !machineJsonata && !"JSONPath".equals(language)) {
            problems.add("QueryLanguage: must be \"JSONata\" (got " + describe(language) + ")");
        } else if (!machineJsonata && !someStateJsonata) {
            problems.add(language == null
                    ? "QueryLanguage: is required and must be \"JSONata\" (JSONPath, the default when it is absent, is"
                            + " not supported yet)"
                    : "QueryLanguage: 'JSONPath' is not supported yet; use \"JSONata\"");
        }
        context = new DefinitionContext(scopeOfState, !machineJsonata && someStateJsonata, limits);
        for (Object field : root.keySet()) {
            if (!TOP_LEVEL.contains(field)) {
                problems.add(field + ": unknown top-level field");
            }
        }
        Object timeout = root.get("TimeoutSeconds");
        Long timeoutSeconds = FieldValues.wholeValue(timeout);
        if (timeout != null && (timeoutSeconds == null || timeoutSeconds < 1)) {
            problems.add("TimeoutSeconds: must be a positive whole number of seconds");
        } else if (timeout != null && timeoutSeconds > FieldValues.MAX_SECONDS) {
            problems.add("TimeoutSeconds: must be at most " + FieldValues.MAX_SECONDS);
        }
        values.comment("Comment", root.get("Comment"));
        if (root.containsKey("Version") && !(root.get("Version") instanceof String)) {
            problems.add("Version: must be a string");
        }
        validateScope("", root, Map.of());
    }

    /**
     * Records where every state name appears, before any state is checked, so that a transition into another scope
     * can say where its target is, and a repeated name where it was first used.
     */
    private void index(String path, Object states) {
        if (!(states instanceof Map<?, ?> map)) {
            return;
        }
        String label = StateScope.label(path);
        map.forEach((key, value) -> {
            String name = String.valueOf(key);
            String location = path + "States." + name;
            stateLocations.computeIfAbsent(name, n -> new ArrayList<>()).add(location);
            scopeOfState.putIfAbsent(name, label);
            if (value instanceof Map<?, ?> state && StateValidator.JSONATA.equals(state.get("QueryLanguage"))) {
                jsonataStates++;
            }
            nestedScopes(location, value).forEach((nestedPath, container) -> index(nestedPath, container.get("States")));
        });
    }

    /** The scopes directly inside a state: a Parallel's branches or a Map's ItemProcessor, by location prefix. */
    private static Map<String, Map<?, ?>> nestedScopes(String location, Object value) {
        Map<String, Map<?, ?>> scopes = new LinkedHashMap<>();
        if (!(value instanceof Map<?, ?> state)) {
            return scopes;
        }
        if ("Parallel".equals(state.get("Type")) && state.get("Branches") instanceof List<?> branches) {
            for (int i = 0; i < branches.size(); i++) {
                if (branches.get(i) instanceof Map<?, ?> branch) {
                    scopes.put(location + ".Branches[" + i + "].", branch);
                }
            }
        }
        if ("Map".equals(state.get("Type")) && state.get("ItemProcessor") instanceof Map<?, ?> processor) {
            scopes.put(location + ".ItemProcessor.", processor);
        }
        return scopes;
    }

    /**
     * Checks one scope and, through its Parallel and Map states, the scopes inside it.
     *
     * @param path           the scope's location prefix, empty at the top level
     * @param container      the object holding the scope's StartAt and States
     * @param outerVariables the variables of the scopes around this one
     */
    private void validateScope(String path, Map<?, ?> container, Map<String, String> outerVariables) {
        Object statesValue = container.get("States");
        Map<?, ?> states = statesValue instanceof Map<?, ?> m ? m : Map.of();
        if (states.isEmpty()) {
            problems.add(path + "States: must be a non-empty object");
        }
        Object startAt = container.get("StartAt");
        if (startAt == null) {
            problems.add(path + "StartAt: is required");
        } else if (!(startAt instanceof String start) || !states.containsKey(start)) {
            problems.add(path + "StartAt: " + describe(startAt) + " is not a state of " + StateScope.label(path));
        }
        Set<String> names = new HashSet<>();
        states.keySet().forEach(key -> names.add(String.valueOf(key)));
        StateScope scope = new StateScope(path, names, outerVariables);
        Map<String, String> innerOuter = new LinkedHashMap<>(outerVariables);
        AssignValidator.assignedIn(path, states).forEach(innerOuter::putIfAbsent);
        StateValidator stateValidator = new StateValidator(scope, context, problems);
        states.forEach((key, value) -> {
            String name = String.valueOf(key);
            checkName(scope, name);
            stateValidator.validate(name, value);
            nestedScopes(scope.locationOf(name), value)
                    .forEach((nestedPath, nested) -> validateScope(nestedPath, nested, innerOuter));
        });
        checkGraph(scope, startAt, states);
    }

    private void checkName(StateScope scope, String name) {
        String where = scope.locationOf(name);
        if (name.isEmpty()) {
            problems.add(where + ": a state name cannot be empty");
        } else if (name.codePointCount(0, name.length()) > MAX_STATE_NAME_LENGTH) {
            problems.add(where + ": the state name is longer than " + MAX_STATE_NAME_LENGTH + " characters");
        }
        String first = stateLocations.get(name).getFirst();
        if (!first.equals(where)) {
            // Step Functions: "DUPLICATE_STATE_NAME: Duplicate State name".
            problems.add(where + ": Duplicate State name '" + name + "', already used at " + first
                    + " (state names must be unique across the whole definition, branches included)");
        }
    }

    /**
     * A scope needs a terminal state (Step Functions: "MISSING_END_STATE: Workflow has no terminal state"), and
     * without one AWS reports nothing else about the scope's graph; with one, every state must be reachable from
     * StartAt ("MISSING_TRANSITION_TARGET: State ... is not reachable").
     */
    private void checkGraph(StateScope scope, Object startAt, Map<?, ?> states) {
        if (states.isEmpty()) {
            return;
        }
        boolean hasTerminal = states.values().stream().anyMatch(DefinitionValidator::isTerminal);
        if (!hasTerminal) {
            // A state without a valid type (reported already) may be the one meant to end the scope.
            boolean allTyped = states.values().stream()
                    .allMatch(state -> state instanceof Map<?, ?> m && StateFields.TYPES.contains(m.get("Type")));
            if (allTyped) {
                problems.add(scope.path() + "States: Workflow has no terminal state (a Succeed or Fail state, or one"
                        + " with \"End\": true)");
            }
            return;
        }
        if (!(startAt instanceof String start) || !states.containsKey(start)) {
            return;
        }
        Set<Object> seen = reachable(start, states);
        for (Object name : states.keySet()) {
            if (!seen.contains(name)) {
                problems.add(scope.locationOf(String.valueOf(name)) + ": is not reachable from StartAt");
            }
        }
    }

    private static boolean isTerminal(Object value) {
        return value instanceof Map<?, ?> state && ("Succeed".equals(state.get("Type"))
                || "Fail".equals(state.get("Type")) || Boolean.TRUE.equals(state.get("End")));
    }

    /** The states of one scope that some path of transitions (Next, Default, Choice Rules, Catchers) leads to. */
    private static Set<Object> reachable(String start, Map<?, ?> states) {
        Set<Object> seen = new HashSet<>();
        Deque<Object> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            Object name = todo.pop();
            if (!seen.add(name) || !(states.get(name) instanceof Map<?, ?> state)) {
                continue;
            }
            addIfPresent(todo, state.get("Next"));
            addIfPresent(todo, state.get("Default"));
            for (String list : List.of("Choices", "Catch")) {
                if (state.get(list) instanceof List<?> items) {
                    for (Object item : items) {
                        if (item instanceof Map<?, ?> rule) {
                            addIfPresent(todo, rule.get("Next"));
                        }
                    }
                }
            }
        }
        return seen;
    }

    private static void addIfPresent(Deque<Object> todo, Object target) {
        if (target != null) {
            todo.add(target);
        }
    }
}

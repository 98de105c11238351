package io.hookrun.asl;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated Amazon States Language definition ({@code "QueryLanguage": "JSONata"}). Instances only exist for
 * definitions that passed validation, so the interpreter can trust the structure. Immutable in practice:
 * nothing in this module changes the parsed maps, and callers should not either (instances are cached and shared).
 */
public final class StateMachine {

    private final Map<String, Object> definition;
    private final String startAt;
    private final Map<String, Map<String, Object>> states;

    private StateMachine(Map<String, Object> definition, String startAt, Map<String, Map<String, Object>> topLevel) {
        this.definition = definition;
        this.startAt = startAt;
        Map<String, Map<String, Object>> all = new java.util.LinkedHashMap<>();
        index(topLevel, all);
        this.states = all;
    }

    /**
     * Every state by name, those inside Parallel branches and Map ItemProcessors included: state names are unique
     * across the whole definition (the validator checks it), so a name alone says which state (and which branch) a
     * step runs.
     */
    @SuppressWarnings("unchecked")
    private static void index(Map<String, Map<String, Object>> states, Map<String, Map<String, Object>> all) {
        states.forEach((name, state) -> {
            all.putIfAbsent(name, state);
            if (state.get("Branches") instanceof List<?> branches) {
                for (Object branch : branches) {
                    if (branch instanceof Map<?, ?> b && b.get("States") instanceof Map<?, ?> nested) {
                        index((Map<String, Map<String, Object>>) nested, all);
                    }
                }
            }
            if (state.get("ItemProcessor") instanceof Map<?, ?> processor && processor.get("States") instanceof Map<?, ?> nested) {
                index((Map<String, Map<String, Object>>) nested, all);
            }
        });
    }

    /**
     * Parses and validates {@code definitionJson} within the {@linkplain DefinitionLimits#DEFAULT default limits};
     * the exception lists every problem found.
     */
    public static StateMachine parse(String definitionJson) throws InvalidDefinitionException {
        return parse(definitionJson, DefinitionLimits.DEFAULT);
    }

    /** Parses and validates {@code definitionJson} within {@code limits}; the exception lists every problem found. */
    @SuppressWarnings("unchecked")
    public static StateMachine parse(String definitionJson, DefinitionLimits limits) throws InvalidDefinitionException {
        Object parsed;
        try {
            parsed = JsonValues.parse(definitionJson);
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(List.of("the definition is not valid JSON: " + e.getMessage()));
        }
        List<String> problems = DefinitionValidator.validate(parsed, limits);
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(problems);
        }
        Map<String, Object> definition = (Map<String, Object>) parsed;
        return new StateMachine(definition, (String) definition.get("StartAt"),
                (Map<String, Map<String, Object>>) definition.get("States"));
    }

    public String startAt() {
        return startAt;
    }

    /** The whole parsed definition. */
    public Map<String, Object> definition() {
        return definition;
    }

    /** The state names, nested ones included, in definition order (a Map's or Parallel's states after it). */
    public Set<String> stateNames() {
        return states.keySet();
    }

    /** The state's fields as parsed; fails for a name the definition does not have. */
    public Map<String, Object> state(String name) {
        Map<String, Object> state = states.get(name);
        if (state == null) {
            throw new IllegalArgumentException("the workflow has no state '" + name + "'");
        }
        return state;
    }

    /** The state's {@code Type}: Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map. */
    public String stateType(String name) {
        return (String) state(name).get("Type");
    }
}

package io.hookrun.workflowstep;

import io.hookrun.asl.InvalidDefinitionException;
import io.hookrun.asl.StateMachine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed definitions, kept per warm function: every step of a run reads the same snapshot, and parsing
 * (with JSONata compilation of every expression) would otherwise be repeated for each state.
 */
final class StateMachines {

    private static final int CAPACITY = 64;
    private static final Map<String, StateMachine> CACHE = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, StateMachine> eldest) {
                    return size() > CAPACITY;
                }
            });

    private StateMachines() {
    }

    /** The definition was validated before the run was created; failing here means the snapshot is corrupt. */
    static StateMachine parse(String definition) {
        StateMachine cached = CACHE.get(definition);
        if (cached != null) {
            return cached;
        }
        try {
            StateMachine machine = StateMachine.parse(definition);
            CACHE.put(definition, machine);
            return machine;
        } catch (InvalidDefinitionException e) {
            throw new IllegalStateException("stored definition no longer parses: " + e.problems(), e);
        }
    }
}

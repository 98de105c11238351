package io.hookrun.workflowstep;

import io.hookrun.asl.DefinitionLimits;
import io.hookrun.asl.InvalidDefinitionException;
import io.hookrun.asl.StateMachine;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed definitions, kept per warm function and bounded ({@code hookrun.step.state-machine-cache-size}, least recently
 * used first out): every step of a run reads the same snapshot, and parsing (with JSONata compilation of every
 * expression) would otherwise be repeated for each state. Keyed by the definition text itself, so a workflow edited
 * since a run started is a different entry and never mixed up with the run's snapshot.
 */
@Singleton
public class StateMachines {

    private final int capacity;
    private final Map<String, StateMachine> cache;

    public StateMachines(StepConfiguration config) {
        this.capacity = Math.max(1, config.stateMachineCacheSize());
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StateMachine> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The machine of a run's snapshot. Validated when the run started; parsed here without the TimeoutSeconds cap
     * ({@link DefinitionLimits#UNCAPPED}) so that a run keeps working when the cap changes under it (its calls are
     * cut at the invocation's deadline anyway).
     *
     * @throws InvalidDefinitionException when the snapshot no longer parses: the run cannot go on
     */
    public StateMachine parse(String definition) throws InvalidDefinitionException {
        synchronized (cache) {
            StateMachine cached = cache.get(definition);
            if (cached != null) {
                return cached;
            }
        }
        StateMachine machine = StateMachine.parse(definition, DefinitionLimits.UNCAPPED);
        remember(definition, machine);
        return machine;
    }

    /** Validates a definition a new run is about to snapshot, within {@code limits}, and keeps the result. */
    public StateMachine validate(String definition, DefinitionLimits limits) throws InvalidDefinitionException {
        StateMachine machine = StateMachine.parse(definition, limits);
        remember(definition, machine);
        return machine;
    }

    /** How many definitions are kept now (at most the configured size). */
    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private void remember(String definition, StateMachine machine) {
        synchronized (cache) {
            cache.put(definition, machine);
        }
    }
}

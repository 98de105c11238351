package io.hookrun.admin;

import io.hookrun.core.time.SettableClock;
import io.hookrun.core.idempotency.InMemoryIdempotencyStore;
import io.hookrun.core.message.InMemoryDeadLetters;
import io.hookrun.core.run.InMemoryRunHistory;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.core.workflow.InMemoryWorkflowStore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;

/**
 * The in-memory twins the admin context uses as its stores and queue ({@link TwinStoreFactory}), the clock it reads,
 * and a switch that makes every call to any store throw, as a store outage or a bug in a store would (the queue fails
 * on its own: {@link GatedStepQueue}).
 */
final class TwinStores {

    final InMemoryWorkflowStore workflows = new InMemoryWorkflowStore();
    final InMemoryTriggerStore triggers = new InMemoryTriggerStore();
    final InMemoryRunHistory runs = new InMemoryRunHistory();
    final InMemoryIdempotencyStore claims = new InMemoryIdempotencyStore();
    final GatedStepQueue queue = new GatedStepQueue();
    final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    final SettableClock clock;

    private volatile RuntimeException failure;

    TwinStores(Instant now) {
        this.clock = new SettableClock(now);
    }

    /** From now on every store call throws {@code failure}. */
    void failEveryCallWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** {@code twin} behind {@code type}, throwing the failure instead whenever one is set. */
    <T> T guarded(Class<T> type, T twin) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            RuntimeException current = failure;
            if (current != null) {
                throw current;
            }
            try {
                return method.invoke(twin, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}

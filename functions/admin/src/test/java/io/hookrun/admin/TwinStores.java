package io.hookrun.admin;

import io.hookrun.core.run.InMemoryRunHistory;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.core.workflow.InMemoryWorkflowStore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * The in-memory twins the admin context uses as its stores ({@link TwinStoreFactory}), and a switch that makes
 * every call to any of them throw, as a store outage or a bug in a store would.
 */
final class TwinStores {

    final InMemoryWorkflowStore workflows = new InMemoryWorkflowStore();
    final InMemoryTriggerStore triggers = new InMemoryTriggerStore();
    final InMemoryRunHistory runs = new InMemoryRunHistory();

    private volatile RuntimeException failure;

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

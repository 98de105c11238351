package io.hookrun.core.trigger;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link TriggerStore} in memory, for unit tests: same contract as the DynamoDB store (creation time kept on save,
 * expired secrets dropped).
 * Counts reads ({@link #finds}), so a cache in front of it can be checked, and can be told to fail them
 * ({@link #failFindsWith}) as DynamoDB does when it is unreachable.
 */
public final class InMemoryTriggerStore implements TriggerStore {

    private final Map<String, Trigger> triggers = new ConcurrentHashMap<>();
    private final AtomicInteger finds = new AtomicInteger();
    private volatile RuntimeException findFailure;

    /** Every following {@link #find} throws {@code failure} (null: reads work again). */
    public void failFindsWith(RuntimeException failure) {
        this.findFailure = failure;
    }

    /** How many times {@link #find} was called, failed calls included. */
    public int finds() {
        return finds.get();
    }

    @Override
    public Optional<Trigger> find(String id) {
        finds.incrementAndGet();
        RuntimeException failure = findFailure;
        if (failure != null) {
            throw failure;
        }
        return Optional.ofNullable(triggers.get(id));
    }

    @Override
    public Trigger save(Trigger trigger) {
        Instant createdAt = Optional.ofNullable(triggers.get(trigger.id())).map(Trigger::createdAt)
                .orElse(trigger.createdAt());
        Trigger saved = new Trigger(trigger.id(), trigger.workflowId(), trigger.signature(),
                trigger.secrets().stream().filter(s -> s.activeAt(trigger.updatedAt())).toList(),
                trigger.events(), createdAt, trigger.updatedAt());
        triggers.put(trigger.id(), saved);
        return saved;
    }
}

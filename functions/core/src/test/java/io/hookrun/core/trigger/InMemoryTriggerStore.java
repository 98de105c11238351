package io.hookrun.core.trigger;

import io.hookrun.core.page.InvalidPageTokenException;
import io.hookrun.core.page.Page;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
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
                trigger.events(), createdAt, trigger.updatedAt(), trigger.enabled());
        triggers.put(trigger.id(), saved);
        return saved;
    }

    @Override
    public Page<Trigger> list(@Nullable String pageToken, int limit) {
        List<Trigger> all = triggers.values().stream().sorted(Comparator.comparing(Trigger::id)).toList();
        int from = 0;
        if (pageToken != null) {
            from = all.stream().map(Trigger::id).toList().indexOf(pageToken) + 1;
            if (from == 0) {
                throw new InvalidPageTokenException("the page token is not one this list made");
            }
        }
        int to = Math.min(all.size(), from + limit);
        List<Trigger> items = all.subList(Math.min(from, all.size()), to);
        return new Page<>(items, to < all.size() && !items.isEmpty() ? items.get(items.size() - 1).id() : null);
    }

    @Override
    public List<String> enabledFor(String workflowId) {
        return triggers.values().stream().filter(t -> t.enabled() && t.workflowId().equals(workflowId))
                .map(Trigger::id).sorted().toList();
    }

    @Override
    public synchronized Optional<Trigger> setEnabled(String id, boolean enabled, Instant now) {
        return Optional.ofNullable(triggers.get(id)).map(t -> {
            Trigger changed = new Trigger(t.id(), t.workflowId(), t.signature(), t.secrets(), t.events(), t.createdAt(),
                    now, enabled);
            triggers.put(id, changed);
            return changed;
        });
    }

    @Override
    public boolean delete(String id) {
        return triggers.remove(id) != null;
    }
}

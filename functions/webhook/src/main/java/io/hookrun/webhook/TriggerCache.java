package io.hookrun.webhook;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerStore;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps triggers read from DynamoDB for a few seconds, saving one read per webhook in a warm function.
 * Unknown ids are not cached, so a trigger created a moment ago is found at once; a changed one is seen
 * within {@code hookrun.trigger-cache-ttl}.
 */
@Singleton
public class TriggerCache {

    private record Entry(Trigger trigger, Instant fetchedAt) {
    }

    private final TriggerStore store;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public TriggerCache(TriggerStore store, Clock clock, HookrunConfiguration config) {
        this.store = store;
        this.clock = clock;
        this.ttl = config.triggerCacheTtl();
    }

    public Optional<Trigger> find(String id) {
        Instant now = clock.instant();
        Entry cached = entries.get(id);
        if (cached != null && cached.fetchedAt().plus(ttl).isAfter(now)) {
            return Optional.of(cached.trigger());
        }
        Optional<Trigger> fresh = store.find(id);
        fresh.ifPresentOrElse(t -> entries.put(id, new Entry(t, now)), () -> entries.remove(id));
        return fresh;
    }
}

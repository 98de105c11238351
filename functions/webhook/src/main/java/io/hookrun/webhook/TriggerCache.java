package io.hookrun.webhook;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerStore;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps triggers read from DynamoDB for a few seconds, saving one read per webhook in a warm function.
 * Unknown ids are not cached, so a trigger created a moment ago is found at once; a changed one is seen
 * within {@code hookrun.trigger-cache-ttl}.
 *
 * <p>Bounded: at most {@code hookrun.trigger-cache-max-entries} triggers, evicting the one used least recently, so
 * a sender cycling through many trigger ids cannot grow a warm function's heap without limit. Lambda sends an
 * instance one request at a time, so a lock costs nothing; the store is read outside it.
 */
@Singleton
public class TriggerCache {

    private record Cached(Trigger trigger, Instant fetchedAt) {
    }

    private final TriggerStore store;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> entries;

    public TriggerCache(TriggerStore store, Clock clock, HookrunConfiguration config, WebhookConfiguration webhook) {
        this.store = store;
        this.clock = clock;
        this.ttl = config.triggerCacheTtl();
        int maxEntries = webhook.triggerCacheMaxEntries();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public Optional<Trigger> find(String id) {
        Instant now = clock.instant();
        Cached cached;
        synchronized (entries) {
            cached = entries.get(id);
        }
        if (cached != null && cached.fetchedAt().plus(ttl).isAfter(now)) {
            return Optional.of(cached.trigger());
        }
        Optional<Trigger> fresh = store.find(id);
        synchronized (entries) {
            fresh.ifPresentOrElse(t -> entries.put(id, new Cached(t, now)), () -> entries.remove(id));
        }
        return fresh;
    }

    /** How many triggers are held now. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}

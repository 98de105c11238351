package io.hookrun.webhook;

import io.hookrun.core.time.SettableClock;
import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.core.trigger.Trigger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TriggerCacheTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(10);

    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryTriggerStore store = new InMemoryTriggerStore();

    private TriggerCache cache(int maxEntries) {
        HookrunConfiguration config = new HookrunConfiguration("t", "q", 262144, Duration.ofHours(72),
                Duration.ofSeconds(30), TTL);
        return new TriggerCache(store, clock, config, new WebhookConfiguration(maxEntries));
    }

    private void save(String id, String workflowId) {
        store.save(id, workflowId, "standard-webhooks", List.of("whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ="), clock.instant());
    }

    @Test
    void find_withinTheTtl_readsTheStoreOnce() {
        TriggerCache cache = cache(10);
        save("orders", "flow-1");

        cache.find("orders");
        clock.advance(TTL.minusMillis(1));
        Trigger second = cache.find("orders").orElseThrow();

        assertThat(second.workflowId()).isEqualTo("flow-1");
        assertThat(store.finds()).isEqualTo(1);
    }

    @Test
    void find_afterTheTtl_readsAgainAndSeesTheChange() {
        TriggerCache cache = cache(10);
        save("orders", "flow-1");
        cache.find("orders");

        save("orders", "flow-2");
        clock.advance(TTL);

        assertThat(cache.find("orders").orElseThrow().workflowId()).isEqualTo("flow-2");
        assertThat(store.finds()).isEqualTo(2);
    }

    @Test
    void find_unknownId_isNotCachedSoATriggerCreatedNextIsFoundAtOnce() {
        TriggerCache cache = cache(10);

        assertThat(cache.find("new")).isEmpty();
        save("new", "flow-1");

        assertThat(cache.find("new")).isPresent();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void find_moreTriggersThanTheBound_keepsTheBoundAndEvictsTheLeastRecentlyUsed() {
        TriggerCache cache = cache(2);
        save("a", "flow-a");
        save("b", "flow-b");
        save("c", "flow-c");
        cache.find("a");
        cache.find("b");
        cache.find("a"); // a is now the most recently used, b the least

        cache.find("c");

        assertThat(cache.size()).isEqualTo(2);
        assertThat(store.finds()).isEqualTo(3);
        cache.find("a");
        assertThat(store.finds()).as("a stayed cached").isEqualTo(3);
        cache.find("b");
        assertThat(store.finds()).as("b was evicted and is read again").isEqualTo(4);
    }

    @Test
    void find_manyDistinctIds_neverHoldsMoreThanTheBound() {
        TriggerCache cache = cache(50);
        for (int i = 0; i < 1_000; i++) {
            save("t" + i, "flow");
            cache.find("t" + i);
        }

        assertThat(cache.size()).isEqualTo(50);
    }

    @Test
    void configuration_boundBelowOne_isRefusedNamingTheVariable() {
        assertThatIllegalArgumentException().isThrownBy(() -> new WebhookConfiguration(0))
                .withMessageContaining("HOOKRUN_TRIGGER_CACHE_MAX_ENTRIES");
    }
}

package io.hookrun.core.trigger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link TriggerStore} in memory, for unit tests: same contract as the DynamoDB store (creation time kept on save). */
public final class InMemoryTriggerStore implements TriggerStore {

    private final Map<String, Trigger> triggers = new ConcurrentHashMap<>();

    @Override
    public Optional<Trigger> find(String id) {
        return Optional.ofNullable(triggers.get(id));
    }

    @Override
    public Trigger save(String id, String workflowId, String scheme, List<String> secrets, Instant now) {
        Instant createdAt = find(id).map(Trigger::createdAt).orElse(now);
        Trigger trigger = new Trigger(id, workflowId, scheme, secrets, createdAt, now);
        triggers.put(id, trigger);
        return trigger;
    }
}

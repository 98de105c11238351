package io.hookrun.core.workflow;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link WorkflowStore} in memory, for unit tests: same contract as the DynamoDB store (creation time kept on save). */
public final class InMemoryWorkflowStore implements WorkflowStore {

    private final Map<String, StoredWorkflow> workflows = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredWorkflow> find(String id) {
        return Optional.ofNullable(workflows.get(id));
    }

    @Override
    public StoredWorkflow save(String id, String definition, Instant now) {
        Instant createdAt = find(id).map(StoredWorkflow::createdAt).orElse(now);
        StoredWorkflow workflow = new StoredWorkflow(id, definition, createdAt, now);
        workflows.put(id, workflow);
        return workflow;
    }
}

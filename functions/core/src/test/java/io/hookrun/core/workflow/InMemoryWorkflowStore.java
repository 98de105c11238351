package io.hookrun.core.workflow;

import io.hookrun.core.page.InvalidPageTokenException;
import io.hookrun.core.page.Page;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link WorkflowStore} in memory, for unit tests: same contract as the DynamoDB store (creation time kept on save,
 * one more version per save, retiring kept until the next save). Page tokens are the last item's key in plain text.
 */
public final class InMemoryWorkflowStore implements WorkflowStore {

    private final Map<String, StoredWorkflow> workflows = new ConcurrentHashMap<>();
    private final Map<String, List<StoredWorkflow>> versions = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredWorkflow> find(String id) {
        return Optional.ofNullable(workflows.get(id));
    }

    @Override
    public synchronized StoredWorkflow save(String id, String definition, Instant now) {
        Optional<StoredWorkflow> current = find(id);
        Instant createdAt = current.map(StoredWorkflow::createdAt).orElse(now);
        int version = current.map(w -> w.version() + 1).orElse(1);
        StoredWorkflow workflow = new StoredWorkflow(id, definition, createdAt, now, version, null);
        workflows.put(id, workflow);
        versions.computeIfAbsent(id, k -> new ArrayList<>()).add(workflow);
        return workflow;
    }

    @Override
    public Optional<StoredWorkflow> findVersion(String id, int version) {
        return versions.getOrDefault(id, List.of()).stream().filter(w -> w.version() == version).findFirst();
    }

    @Override
    public Page<WorkflowVersion> versions(String id, @Nullable String pageToken, int limit) {
        List<WorkflowVersion> all = versions.getOrDefault(id, List.of()).stream()
                .sorted(Comparator.comparingInt(StoredWorkflow::version).reversed())
                .map(w -> new WorkflowVersion(id, w.version(), w.updatedAt())).toList();
        int from = pageToken == null ? 0 : startAfter(all.stream().map(v -> String.valueOf(v.version())).toList(), pageToken);
        return page(all, from, limit, v -> String.valueOf(v.version()));
    }

    @Override
    public Page<StoredWorkflow> list(@Nullable String pageToken, int limit) {
        List<StoredWorkflow> all = workflows.values().stream().sorted(Comparator.comparing(StoredWorkflow::id)).toList();
        int from = pageToken == null ? 0 : startAfter(all.stream().map(StoredWorkflow::id).toList(), pageToken);
        return page(all, from, limit, StoredWorkflow::id);
    }

    @Override
    public synchronized Optional<StoredWorkflow> retire(String id, Instant now) {
        return find(id).map(w -> {
            StoredWorkflow retired = w.retired() ? w
                    : new StoredWorkflow(id, w.definition(), w.createdAt(), w.updatedAt(), w.version(), now);
            workflows.put(id, retired);
            return retired;
        });
    }

    private static int startAfter(List<String> keys, String token) {
        int index = keys.indexOf(token);
        if (index < 0) {
            throw new InvalidPageTokenException("the page token is not one this list made");
        }
        return index + 1;
    }

    private static <T> Page<T> page(List<T> all, int from, int limit, java.util.function.Function<T, String> key) {
        int to = Math.min(all.size(), from + limit);
        List<T> items = all.subList(Math.min(from, all.size()), to);
        return new Page<>(items, to < all.size() && !items.isEmpty() ? key.apply(items.get(items.size() - 1)) : null);
    }
}

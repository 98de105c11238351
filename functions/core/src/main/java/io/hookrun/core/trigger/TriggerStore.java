package io.hookrun.core.trigger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where triggers live (DynamoDB when deployed, next to the delivery claims, so the webhook path never needs PostgreSQL). */
public interface TriggerStore {

    Optional<Trigger> find(String id);

    /** Creates or replaces the trigger, keeping its original creation time. */
    Trigger save(String id, String workflowId, String scheme, List<String> secrets, Instant now);
}

package io.hookrun.core.trigger;

import io.hookrun.core.signature.SignatureSettings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where triggers live (DynamoDB when deployed, next to the delivery claims, so the webhook path never needs
 * PostgreSQL). Implementations encrypt secret values at rest; {@link #find} returns them decrypted.
 */
public interface TriggerStore {

    Optional<Trigger> find(String id);

    /**
     * Creates or replaces the trigger whole, keeping the stored creation time if there is one, and dropping the
     * secrets no longer active at {@code trigger.updatedAt()} (the time of the save). Returns what was stored.
     */
    Trigger save(Trigger trigger);

    /** Creates or replaces a trigger with default event settings and the given secrets, all current. */
    default Trigger save(String id, String workflowId, String scheme, List<String> secrets, Instant now) {
        return save(new Trigger(id, workflowId, SignatureSettings.of(scheme),
                secrets.stream().map(value -> TriggerSecret.current(value, now)).toList(),
                EventSettings.DEFAULTS, now, now));
    }
}

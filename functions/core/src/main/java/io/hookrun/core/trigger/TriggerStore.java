package io.hookrun.core.trigger;

import io.hookrun.core.page.Page;
import io.hookrun.core.signature.SignatureSettings;
import io.micronaut.core.annotation.Nullable;

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

    /**
     * All triggers, by id (secrets decrypted, as {@link #find}; callers never show them). May lag a save by a moment.
     *
     * @throws io.hookrun.core.page.InvalidPageTokenException for a token this list did not make
     */
    Page<Trigger> list(@Nullable String pageToken, int limit);

    /**
     * The ids of the enabled triggers whose workflow is {@code workflowId} (every page), by id, for retiring a workflow
     * safely. Ids only: no secret is opened to answer.
     */
    List<String> enabledFor(String workflowId);

    /**
     * Enables or disables the trigger, keeping everything else.
     *
     * @return the trigger as it is now; empty when there is no such trigger
     */
    Optional<Trigger> setEnabled(String id, boolean enabled, Instant now);

    /** Deletes the trigger and its secrets; false when there was none. */
    boolean delete(String id);

    /** Creates or replaces a trigger with default event settings and the given secrets, all current. */
    default Trigger save(String id, String workflowId, String scheme, List<String> secrets, Instant now) {
        return save(new Trigger(id, workflowId, SignatureSettings.of(scheme),
                secrets.stream().map(value -> TriggerSecret.current(value, now)).toList(),
                EventSettings.DEFAULTS, now, now));
    }
}

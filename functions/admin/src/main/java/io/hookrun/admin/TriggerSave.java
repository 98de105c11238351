package io.hookrun.admin;

import io.hookrun.core.trigger.Trigger;

import java.util.List;

/** What became of {@code PUT /admin/triggers/{id}}. */
public sealed interface TriggerSave permits TriggerSave.Saved, InvalidId, TriggerSave.Invalid {

    /** Stored: created, or replaced with its creation time kept. The trigger holds its secrets: never show them. */
    record Saved(Trigger trigger) implements TriggerSave {
    }

    /**
     * The body is not a valid trigger.
     *
     * @param problems every problem found; none quotes a secret or the body (which holds the secrets)
     */
    record Invalid(List<String> problems) implements TriggerSave {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }
}

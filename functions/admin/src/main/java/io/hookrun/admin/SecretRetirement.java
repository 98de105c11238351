package io.hookrun.admin;

/** What became of {@code DELETE /admin/triggers/{id}/secrets/{secretId}}. */
public sealed interface SecretRetirement {

    /** The secret stopped verifying (or had already) and is dropped from the stored trigger. */
    record Retired() implements SecretRetirement {
    }

    /** The trigger id is not one hookrun accepts. */
    record InvalidId(String problem) implements SecretRetirement {
    }

    /** No trigger has this id. */
    record UnknownTrigger(String id) implements SecretRetirement {
    }

    /** The trigger holds no secret with this id. */
    record UnknownSecret(String triggerId, String secretId) implements SecretRetirement {
    }

    /**
     * It is the trigger's last active secret and its scheme needs one: retiring it would refuse every delivery, so
     * it is refused instead; rotate first ({@code POST .../secrets}), then retire.
     */
    record LastActiveSecret(String triggerId, String secretId) implements SecretRetirement {
    }
}

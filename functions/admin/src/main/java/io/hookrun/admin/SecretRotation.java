package io.hookrun.admin;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/** What became of {@code POST /admin/triggers/{id}/secrets}. */
public sealed interface SecretRotation {

    /**
     * The new secret is stored and verifies from now on; the previous ones verify until {@code previousExpireAt}.
     *
     * @param secret           the value: this answer is the only place it is ever shown
     * @param previousExpireAt when the secrets that were active stop verifying; null when there were none
     */
    record Rotated(String id, String secret, Instant createdAt, @Nullable Instant previousExpireAt)
            implements SecretRotation {

        /** Never prints the value. */
        @Override
        public String toString() {
            return "Rotated[id=" + id + ", createdAt=" + createdAt + ", previousExpireAt=" + previousExpireAt + ", secret hidden]";
        }
    }

    /** The trigger id is not one hookrun accepts. */
    record InvalidId(String problem) implements SecretRotation {
    }

    /** No trigger has this id. */
    record UnknownTrigger(String id) implements SecretRotation {
    }

    /** The body is not a valid rotation; no problem quotes the secret. */
    record Invalid(List<String> problems) implements SecretRotation {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    /** The trigger's scheme ({@code none}) takes no secret. */
    record SchemeTakesNoSecret(String scheme) implements SecretRotation {
    }

    /** The trigger already holds the most active secrets it may: retire one first. */
    record TooManySecrets(int max) implements SecretRotation {
    }
}

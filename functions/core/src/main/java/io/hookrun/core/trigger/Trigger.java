package io.hookrun.core.trigger;

import io.hookrun.core.signature.SignatureSettings;

import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint: {@code POST /hooks/{id}} starts a run of {@code workflowId} for each genuine delivery.
 * It lives in DynamoDB, next to the delivery claims, so the webhook path never needs PostgreSQL.
 *
 * @param signature how senders sign (scheme and its settings)
 * @param secrets   every secret still held, expired ones included until the store drops them; only
 *                  {@link #secretValues active ones} verify. Never returned by any API.
 * @param events    what is accepted besides a valid signature
 * @param enabled   false while the trigger is disabled: senders are answered 423 and nothing is claimed (ADR 0009)
 */
public record Trigger(String id, String workflowId, SignatureSettings signature, List<TriggerSecret> secrets,
                      EventSettings events, Instant createdAt, Instant updatedAt, boolean enabled) {

    public Trigger {
        secrets = List.copyOf(secrets);
        events = events == null ? EventSettings.DEFAULTS : events;
    }

    /** An enabled trigger. */
    public Trigger(String id, String workflowId, SignatureSettings signature, List<TriggerSecret> secrets,
                   EventSettings events, Instant createdAt, Instant updatedAt) {
        this(id, workflowId, signature, secrets, events, createdAt, updatedAt, true);
    }

    /** The values of the secrets that verify at {@code now}, newest first. */
    public List<String> secretValues(Instant now) {
        return secrets.stream().filter(s -> s.activeAt(now))
                .sorted((a, b) -> b.createdAt().compareTo(a.createdAt()))
                .map(TriggerSecret::value).toList();
    }

    /** Whether this trigger accepts unsigned deliveries (scheme {@code none}, chosen explicitly). */
    public boolean unsigned() {
        return SignatureSettings.NONE.equals(signature.scheme());
    }

    /** Hides the secrets from logs and exception messages that print a trigger. */
    @Override
    public String toString() {
        return "Trigger[id=" + id + ", workflowId=" + workflowId + ", scheme=" + signature.scheme()
                + ", enabled=" + enabled + ", secrets=" + secrets.size() + " hidden]";
    }
}

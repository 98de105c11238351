package io.hookrun.core.trigger;

import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint: {@code POST /hooks/{id}} starts a run of {@code workflowId} for each genuine delivery.
 * It lives in DynamoDB, next to the delivery claims, so the webhook path never needs PostgreSQL.
 *
 * @param secrets the active signing secrets; several during a rotation. Never returned by any API.
 */
public record Trigger(String id, String workflowId, String signatureScheme, List<String> secrets,
                      Instant createdAt, Instant updatedAt) {

    public Trigger {
        secrets = List.copyOf(secrets);
    }

    /** Hides the secrets from logs and exception messages that print a trigger. */
    @Override
    public String toString() {
        return "Trigger[id=" + id + ", workflowId=" + workflowId + ", scheme=" + signatureScheme
                + ", secrets=" + secrets.size() + " hidden]";
    }
}

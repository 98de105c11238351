package io.hookrun.webhook;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * The attributes of a CloudEvent the sender sent (structured or binary mode), checked against the spec's rules; the
 * event hookrun queues keeps them.
 *
 * @param extensions the sender's extension attributes (hookrun's own names already dropped)
 */
record SenderCloudEvent(String id, String source, String type, @Nullable String time, @Nullable String dataschema,
                        @Nullable String subject, Map<String, Object> extensions) {
}

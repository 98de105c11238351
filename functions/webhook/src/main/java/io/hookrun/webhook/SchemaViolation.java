package io.hookrun.webhook;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One way an event's data breaks its trigger's JSON Schema.
 *
 * @param pointer the JSON pointer (RFC 6901) to the offending value in {@code data}; {@code ""} is data itself
 * @param message what the schema requires there, in the validator's words
 */
@Serdeable
public record SchemaViolation(String pointer, String message) {
}

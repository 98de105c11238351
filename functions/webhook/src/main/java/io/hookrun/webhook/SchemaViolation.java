package io.hookrun.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One way an event's data breaks its trigger's JSON Schema.
 *
 * @param pointer the JSON pointer (RFC 6901) to the offending value in {@code data}; {@code ""} is data itself
 * @param message what the schema requires there, in the validator's words
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS) // the pointer "" (data itself) is a pointer, not an empty value to drop
public record SchemaViolation(String pointer, String message) {
}

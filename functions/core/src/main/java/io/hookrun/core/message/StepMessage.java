package io.hookrun.core.message;

import io.micronaut.serde.annotation.Serdeable;

/**
 * "Execute state {@code stateName} as step {@code sequence} of run {@code runId}". Inputs and outputs stay in
 * PostgreSQL, so the message stays small whatever the workflow carries.
 */
@Serdeable
public record StepMessage(String runId, int sequence, String stateName) {
}

package io.hookrun.core.callback;

import java.util.UUID;

/**
 * What a task token ({@code $states.context.Task.Token}) names: the step of a {@code .waitForTaskToken} Task that
 * waits for it. The token itself is this, signed ({@link CallbackTokens}): whoever holds it may answer that step once.
 */
public record CallbackToken(UUID runId, String frame, int sequence) { }

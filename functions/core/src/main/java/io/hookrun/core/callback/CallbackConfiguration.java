package io.hookrun.core.callback;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Where the key that signs task tokens comes from, bound from {@code hookrun.callbacks.*} ({@code HOOKRUN_CALLBACKS_*}
 * on Lambda). One of the two is set wherever a token is issued (workflow-step) or verified (admin).
 *
 * @param keySecretId the Secrets Manager secret holding the key (deployed: template.yaml's {@code CallbackKey}, a
 *                    generated 64-character string)
 * @param keyFile     a file of at least 32 random bytes ({@code ./hookrun local}: {@code .hookrun/callback.key}); wins
 *                    over {@code keySecretId}, which the local runtime passes on from the template unresolved
 */
@ConfigurationProperties("hookrun.callbacks")
public record CallbackConfiguration(@Nullable String keySecretId, @Nullable String keyFile) {

    /** What to say when neither is set. */
    public static final String NOT_CONFIGURED = "task tokens cannot be issued or verified: set"
            + " hookrun.callbacks.key-secret-id (HOOKRUN_CALLBACKS_KEY_SECRET_ID, a Secrets Manager secret; template.yaml"
            + " sets it when deployed) or hookrun.callbacks.key-file (HOOKRUN_CALLBACKS_KEY_FILE, a file of at least 32"
            + " random bytes; ./hookrun local uses .hookrun/callback.key)";
}

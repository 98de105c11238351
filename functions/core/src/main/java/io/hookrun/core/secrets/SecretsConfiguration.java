package io.hookrun.core.secrets;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How trigger secrets are kept, bound from {@code hookrun.secrets.*} ({@code HOOKRUN_SECRETS_*} on Lambda).
 *
 * @param kmsKeyId         the KMS key that wraps data keys (key id, ARN or alias); set by template.yaml on the
 *                         functions that read or write triggers. Wins over {@code keyFile}
 * @param keyFile          a file of 32 random bytes that wraps data keys where there is no KMS ({@code ./hookrun
 *                         local}: {@code .hookrun/secrets.key}; tests: a temporary file)
 * @param rotationOverlap  how long the previous secrets keep verifying after {@code POST
 *                         /admin/triggers/{id}/secrets}, unless the request says {@code overlapSeconds}
 */
@ConfigurationProperties("hookrun.secrets")
public record SecretsConfiguration(@Nullable String kmsKeyId, @Nullable String keyFile,
                                   @Bindable(defaultValue = "24h") Duration rotationOverlap) {

    /** The longest overlap a rotation may ask for: a secret meant to be retired must not live on for months. */
    public static final Duration MAX_ROTATION_OVERLAP = Duration.ofDays(30);

    public SecretsConfiguration {
        rotationOverlap = rotationOverlap == null ? Duration.ofHours(24) : rotationOverlap;
        if (rotationOverlap.isNegative() || rotationOverlap.compareTo(MAX_ROTATION_OVERLAP) > 0) {
            throw new IllegalArgumentException("hookrun.secrets.rotation-overlap must be from 0 to 30 days, was "
                    + rotationOverlap);
        }
    }

    /** What to say when neither setting is there: the store cannot keep secrets without one. */
    public static final String NOT_CONFIGURED = "trigger secrets cannot be stored: set hookrun.secrets.kms-key-id"
            + " (HOOKRUN_SECRETS_KMS_KEY_ID, a KMS key; template.yaml sets it when deployed) or hookrun.secrets.key-file"
            + " (HOOKRUN_SECRETS_KEY_FILE, a file of 32 random bytes; ./hookrun local uses .hookrun/secrets.key)";
}

package io.hookrun.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The body of {@code PUT /admin/triggers/{id}} as ADR 0006 defines it, every field optional at this level so that
 * {@link TriggerAdmin} can list every problem at once. Enum values are the lower-case names the API documents
 * ({@code hex}, {@code sha256}, {@code timestamp-body}).
 *
 * @param enabled left out: a new trigger is enabled, an existing one keeps its flag (ADR 0009)
 */
@Serdeable
public record TriggerBody(@Nullable String workflowId, @Nullable Signature signature, @Nullable Event event,
                          @Nullable Boolean enabled) {

    /**
     * {@code signature}.
     *
     * @param secrets left out on an update: the stored secrets are kept; given: they replace the stored ones
     */
    @Serdeable
    public record Signature(@Nullable String scheme, @Nullable List<String> secrets, @Nullable Integer toleranceSeconds,
                            @Nullable Hmac hmac) {

        /** Never prints a secret (nor the scheme, where one may have been pasted). */
        @Override
        public String toString() {
            return "Signature[" + (secrets == null ? "no" : secrets.size()) + " secrets hidden]";
        }
    }

    /** {@code signature.hmac}: the generic scheme's settings. */
    @Serdeable
    public record Hmac(@Nullable String header, @Nullable String prefix, @Nullable String encoding,
                       @Nullable String algorithm, @Nullable String signed, @Nullable String separator,
                       @Nullable String timestampHeader, @Nullable String deliveryIdHeader,
                       @Nullable String deliveryIdPointer, @Nullable String eventTypeHeader) {
    }

    /** {@code event}; {@code schema} is any JSON value here, and must be an object ({@link SchemaCheck}). */
    @Serdeable
    public record Event(@Nullable String idempotencyKeyPointer, @Nullable List<String> types, @Nullable Object schema,
                        @Nullable List<String> contentTypes, @Nullable Integer maxBodyBytes,
                        @Nullable RateLimitBody rateLimit) {
    }

    /** {@code event.rateLimit}. */
    @Serdeable
    public record RateLimitBody(@Nullable Double perSecond, @Nullable Integer burst) {
    }

    /** The body of {@code POST /admin/triggers/{id}/secrets}; both fields optional. */
    @Serdeable
    public record Rotation(@Nullable String secret, @Nullable Long overlapSeconds) {

        /** Never prints the secret. */
        @Override
        public String toString() {
            return "Rotation[secret " + (secret == null ? "to generate" : "hidden") + ", overlapSeconds=" + overlapSeconds + "]";
        }
    }
}

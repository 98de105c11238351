package io.hookrun.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Settings only the webhook function reads, bound from {@code hookrun.*} like the shared
 * {@link io.hookrun.core.config.HookrunConfiguration}; on Lambda they come from environment variables.
 *
 * @param triggerCacheMaxEntries how many triggers {@link TriggerCache} keeps at most
 *                               ({@code HOOKRUN_TRIGGER_CACHE_MAX_ENTRIES}, default 1000). A trigger is a few
 *                               hundred bytes, so the default holds well under 1 MB; past the bound, the trigger
 *                               used least recently is dropped and simply read again from DynamoDB when needed.
 */
@ConfigurationProperties("hookrun")
public record WebhookConfiguration(@Bindable(defaultValue = "1000") int triggerCacheMaxEntries) {

    public WebhookConfiguration {
        if (triggerCacheMaxEntries < 1) {
            throw new IllegalArgumentException("HOOKRUN_TRIGGER_CACHE_MAX_ENTRIES must be at least 1, not "
                    + triggerCacheMaxEntries);
        }
    }
}

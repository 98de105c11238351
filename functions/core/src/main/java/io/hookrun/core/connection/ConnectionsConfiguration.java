package io.hookrun.core.connection;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Where connections are read, bound from {@code hookrun.connections.*} ({@code HOOKRUN_CONNECTIONS_*} on Lambda).
 *
 * @param file         a local JSON file of connections by name ({@code ./hookrun local}: {@code .hookrun/connections.json});
 *                     when set, it is the store and Secrets Manager is not used
 * @param secretPrefix connection {@code <name>} is the Secrets Manager secret {@code <secretPrefix><name>}; the
 *                     template scopes the workflow-step function's {@code GetSecretValue} to the same prefix
 * @param cacheTtl     how long a connection read from Secrets Manager is used before it is read again (a rotated
 *                     secret is picked up within this time)
 */
@ConfigurationProperties("hookrun.connections")
public record ConnectionsConfiguration(@Nullable String file,
                                       @Bindable(defaultValue = "hookrun/connections/") String secretPrefix,
                                       @Bindable(defaultValue = "5m") Duration cacheTtl) {

    public ConnectionsConfiguration {
        secretPrefix = secretPrefix == null ? "hookrun/connections/" : secretPrefix;
        cacheTtl = cacheTtl == null ? Duration.ofMinutes(5) : cacheTtl;
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("hookrun.connections.cache-ttl must not be negative, was " + cacheTtl);
        }
    }
}

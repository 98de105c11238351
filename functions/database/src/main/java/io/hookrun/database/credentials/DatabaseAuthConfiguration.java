package io.hookrun.database.credentials;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How the functions authenticate to PostgreSQL, bound from {@code hookrun.database.*} (on Lambda from
 * {@code HOOKRUN_DATABASE_*} environment variables, which template.yaml sets from its {@code DatabaseSecretArn} and
 * {@code DatabaseIamAuth} parameters). With neither set, the pool uses {@code datasources.default.username} and
 * {@code password} as configured: that is {@code ./hookrun local} and the tests, where the embedded PostgreSQL's
 * password is a local property, never an environment variable of a deployed function.
 *
 * @param secretId               the Secrets Manager secret (ARN or name) holding {@code username} and
 *                               {@code password} in the RDS shape ({@link RdsSecret}); ignored with {@code iamAuth}
 * @param iamAuth                connect with RDS IAM authentication tokens as {@code datasources.default.username}
 *                               (through an RDS Proxy that requires IAM auth), and over TLS
 * @param credentialsMaxAge      secret credentials older than this are re-read before the next new connection
 * @param credentialsRereadInterval the least time between two reads of the secret after a refused login
 */
@ConfigurationProperties("hookrun.database")
public record DatabaseAuthConfiguration(
        @Nullable String secretId,
        @Bindable(defaultValue = "false") boolean iamAuth,
        @Bindable(defaultValue = "15m") Duration credentialsMaxAge,
        @Bindable(defaultValue = "5s") Duration credentialsRereadInterval) {

    /** Whether the credentials come from Secrets Manager. */
    public boolean usesSecret() {
        return !iamAuth && secretId != null && !secretId.isBlank();
    }

    /** Whether the pool's own username and password are used as configured. */
    public boolean usesConfiguredPassword() {
        return !iamAuth && !usesSecret();
    }
}

package io.hookrun.database.credentials;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.postgresql.Driver;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.time.Clock;
import java.util.Properties;

/**
 * Makes the {@link IamAuthTokenSource} of a JDBC URL: the token is signed for the URL's (first) host and port, in
 * {@code aws.region} (Lambda's {@code AWS_REGION}), with the default credentials chain (the function's role).
 */
@Singleton
@Requires(classes = {AwsV4HttpSigner.class, DefaultCredentialsProvider.class, Region.class})
public class IamAuthTokenSourceFactory {

    private final String region;
    private DefaultCredentialsProvider credentials;

    public IamAuthTokenSourceFactory(@Property(name = "aws.region") @Nullable String region) {
        this.region = region;
    }

    /**
     * @throws IllegalArgumentException when the URL names no host (the message shows the URL, which holds no secret
     *                                  once the password has left template.yaml)
     */
    public synchronized IamAuthTokenSource forUser(String username, String jdbcUrl) {
        Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null || parsed.getProperty("PGHOST") == null) {
            throw new IllegalArgumentException("hookrun.database.iam-auth needs a PostgreSQL JDBC URL with a host, was " + jdbcUrl);
        }
        String host = parsed.getProperty("PGHOST").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        if (credentials == null) {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        Region signingRegion = region == null || region.isBlank() ? new DefaultAwsRegionProviderChain().getRegion() : Region.of(region);
        return new IamAuthTokenSource(username, host, port, signingRegion, credentials, Clock.systemUTC());
    }

    @PreDestroy
    synchronized void close() {
        if (credentials != null) {
            credentials.close();
        }
    }
}

package io.hookrun.database.credentials;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Properties;

/**
 * Puts a {@link RotatingCredentialsDataSource} under every Hikari pool when {@link DatabaseAuthConfiguration} says
 * the credentials come from a secret or from RDS IAM tokens, before the pool is built; otherwise leaves the pool's
 * configured username and password alone. The pool bean itself (and so Micronaut Data, Flyway, the readiness ping
 * and anything that evicts its connections after a SnapStart restore) is unchanged.
 *
 * <p>With IAM authentication the driver also requires TLS by default: {@code sslmode=verify-full} with the JDK's
 * trust store ({@code DefaultJavaSSLFactory}), because RDS Proxy serves a certificate from AWS Certificate Manager,
 * whose Amazon roots the JDK trusts, and RDS refuses IAM authentication without TLS. {@code sslmode} or
 * {@code sslfactory} in the JDBC URL (or in {@code data-source-properties}) wins, e.g. for a cluster endpoint
 * with the RDS CA bundle.
 */
@Singleton
public class DatabaseCredentialsWiring implements BeanCreatedEventListener<DatasourceConfiguration> {

    static final String DEFAULT_DRIVER = "org.postgresql.Driver";

    private final DatabaseAuthConfiguration auth;
    private final BeanProvider<SecretSourceFactory> secrets;
    private final BeanProvider<IamAuthTokenSourceFactory> iamTokens;

    public DatabaseCredentialsWiring(DatabaseAuthConfiguration auth, BeanProvider<SecretSourceFactory> secrets,
                                     BeanProvider<IamAuthTokenSourceFactory> iamTokens) {
        this.auth = auth;
        this.secrets = secrets;
        this.iamTokens = iamTokens;
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        if (auth.usesConfiguredPassword()) {
            return config;
        }
        DatabaseCredentialsSource source;
        if (auth.iamAuth()) {
            String username = config.getUsername();
            if (username == null || username.isBlank()) {
                throw new IllegalStateException("hookrun.database.iam-auth needs datasources." + config.getName()
                        + ".username (DATASOURCES_DEFAULT_USERNAME): the database user the IAM token is for");
            }
            if (!iamTokens.isPresent()) {
                throw new IllegalStateException("hookrun.database.iam-auth needs software.amazon.awssdk:http-auth-aws,"
                        + " auth and regions in this function's jar");
            }
            source = iamTokens.get().forUser(username, config.getUrl());
            Properties driver = config.getDataSourceProperties();
            driver.putIfAbsent("sslmode", "verify-full");
            driver.putIfAbsent("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        } else {
            if (!secrets.isPresent()) {
                throw new IllegalStateException("hookrun.database.secret-id is set but this function's jar has no Secrets Manager"
                        + " client (software.amazon.awssdk:secretsmanager)");
            }
            source = new SecretCredentialsSource(secrets.get().forSecret(auth.secretId()), Clock.systemUTC(),
                    auth.credentialsMaxAge(), auth.credentialsRereadInterval());
        }
        String driverClass = config.getDriverClassName() == null ? DEFAULT_DRIVER : config.getDriverClassName();
        config.setDataSource(new RotatingCredentialsDataSource(config.getUrl(), config.getDataSourceProperties(), driverClass, source));
        // Hikari passes a configured username to getConnection(user, password); the source is the only authority.
        config.setUsername(null);
        config.setPassword(null);
        return config;
    }
}

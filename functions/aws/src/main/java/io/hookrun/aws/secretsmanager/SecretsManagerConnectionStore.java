package io.hookrun.aws.secretsmanager;

import io.hookrun.core.connection.Connection;
import io.hookrun.core.connection.ConnectionJson;
import io.hookrun.core.connection.ConnectionStore;
import io.hookrun.core.connection.ConnectionUnreadableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Connections kept in AWS Secrets Manager (docs/adr/0007): connection {@code <name>} is the secret
 * {@code <prefix><name>} ({@code hookrun/connections/<name>} by default), its {@code SecretString} the connection's
 * JSON ({@link ConnectionJson}). Only the workflow-step function may read them (its IAM policy names the prefix).
 *
 * <p>A connection read is kept for {@code ttl} (5 minutes by default: a Task calling an API every second costs one
 * {@code GetSecretValue} per 5 minutes per instance, and a rotated secret is used within 5 minutes), for at most
 * {@value #MAX_ENTRIES} connections, the least recently used leaving first, so that an instance's memory of secrets
 * is bounded whatever the workflows name. A secret that does not exist is no connection (and is asked for again
 * next time: creating it takes effect at once). Any other failure of the call (throttling, no answer, access
 * denied) is a {@link ConnectionUnreadableException} with {@code outage() == true} and the SDK's exception as cause,
 * so the worker can tell a Secrets Manager outage (retried later) from a permission mistake (logged as a failure).
 * A secret that is not a valid connection is one with {@code outage() == false}. No message quotes the secret.
 */
public final class SecretsManagerConnectionStore implements ConnectionStore {

    public static final String DEFAULT_PREFIX = "hookrun/connections/";
    static final int MAX_ENTRIES = 100;
    /** EventBridge's connection names; nothing else can become part of a secret id. */
    private static final Pattern NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");

    private record Held(Connection connection, Instant expiresAt) { }

    private final Supplier<SecretsManagerClient> client;
    private final String prefix;
    private final Duration ttl;
    private final Clock clock;
    private final ConnectionJson json;
    private final Map<String, Held> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Held> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /**
     * @param client built on first use: a function that never reads a connection never builds the client
     * @param prefix prepended to the connection name to make the secret id
     * @param ttl    how long a connection read is used
     */
    public SecretsManagerConnectionStore(Supplier<SecretsManagerClient> client, String prefix, Duration ttl, Clock clock,
                                         ConnectionJson json) {
        this.client = client;
        this.prefix = prefix;
        this.ttl = ttl;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public Optional<Connection> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        synchronized (cache) {
            Held entry = cache.get(name);
            if (entry != null && now.isBefore(entry.expiresAt())) {
                return Optional.of(entry.connection());
            }
        }
        Optional<String> text = read(name);
        if (text.isEmpty()) {
            synchronized (cache) {
                cache.remove(name);
            }
            return Optional.empty();
        }
        Connection connection = json.read(name, text.get());
        synchronized (cache) {
            cache.put(name, new Held(connection, now.plus(ttl)));
        }
        return Optional.of(connection);
    }

    /** The number of connections held now (for tests of the bound). */
    int cached() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private Optional<String> read(String name) {
        GetSecretValueResponse response;
        try {
            response = client.get().getSecretValue(r -> r.secretId(prefix + name));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new ConnectionUnreadableException("connection '" + name + "': the secret " + prefix + name
                    + " cannot be read from Secrets Manager: " + e.getClass().getSimpleName(), true, e);
        }
        if (response.secretString() != null) {
            return Optional.of(response.secretString());
        }
        if (response.secretBinary() != null) {
            return Optional.of(response.secretBinary().asString(StandardCharsets.UTF_8));
        }
        throw new ConnectionUnreadableException("connection '" + name + "': the secret " + prefix + name
                + " has no value", false, null);
    }
}

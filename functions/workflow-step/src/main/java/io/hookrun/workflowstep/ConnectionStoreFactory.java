package io.hookrun.workflowstep;

import io.hookrun.aws.secretsmanager.SecretsManagerConnectionStore;
import io.hookrun.core.connection.ConnectionJson;
import io.hookrun.core.connection.ConnectionStore;
import io.hookrun.core.connection.ConnectionsConfiguration;
import io.hookrun.core.connection.LocalFileConnectionStore;
import io.hookrun.core.json.JsonText;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Where Tasks' connections come from (docs/adr/0007): {@code hookrun.connections.file} set ({@code ./hookrun local},
 * tests), that JSON file; otherwise, deployed, Secrets Manager secrets under {@code hookrun.connections.secret-prefix},
 * cached for {@code hookrun.connections.cache-ttl}. The Secrets Manager client is built on the first lookup, so the
 * sweeper (same jar, never runs a Task) and runs without connections never build it.
 */
@Factory
public class ConnectionStoreFactory {

    @Singleton
    ConnectionStore connectionStore(ConnectionsConfiguration config, JsonText json,
                                    BeanProvider<SecretsManagerClient> secretsManager, Clock clock) {
        if (config.file() != null && !config.file().isBlank()) {
            return new LocalFileConnectionStore(Path.of(config.file()), json);
        }
        return new SecretsManagerConnectionStore(secretsManager::get, config.secretPrefix(), config.cacheTtl(), clock,
                new ConnectionJson(json));
    }
}

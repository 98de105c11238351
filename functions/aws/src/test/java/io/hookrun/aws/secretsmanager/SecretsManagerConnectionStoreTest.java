package io.hookrun.aws.secretsmanager;

import io.hookrun.core.connection.Connection;
import io.hookrun.core.connection.ConnectionJson;
import io.hookrun.core.connection.ConnectionUnreadableException;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.time.SettableClock;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The store against a fake {@link SecretsManagerClient} (there is no Secrets Manager stand-in here): secret ids,
 * the TTL on an injected clock, the bound on cached connections, and what each failure becomes.
 */
class SecretsManagerConnectionStoreTest {

    private final FakeSecretsManager secrets = new FakeSecretsManager();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final SecretsManagerConnectionStore store = new SecretsManagerConnectionStore(() -> secrets,
            SecretsManagerConnectionStore.DEFAULT_PREFIX, Duration.ofMinutes(5), clock,
            new ConnectionJson(new JsonText(JsonMapper.createDefault())));

    private static String apiKey(String value) {
        return "{\"authorizationType\": \"API_KEY\", \"apiKeyAuthParameters\": {\"apiKeyName\": \"x-api-key\","
                + " \"apiKeyValue\": \"" + value + "\"}}";
    }

    @Test
    void aConnection_isTheSecretUnderThePrefix() {
        secrets.values.put("hookrun/connections/orders", apiKey("k1"));

        assertThat(store.find("orders")).contains(new Connection.ApiKey("orders", "x-api-key", "k1",
                Connection.InvocationParameters.NONE));
        assertThat(secrets.asked).containsExactly("hookrun/connections/orders");
    }

    @Test
    void aConnectionRead_isReused_untilTheTtlEnds_thenReadAgain() {
        secrets.values.put("hookrun/connections/orders", apiKey("k1"));
        store.find("orders");
        secrets.values.put("hookrun/connections/orders", apiKey("k2")); // rotated

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(((Connection.ApiKey) store.find("orders").orElseThrow()).value()).isEqualTo("k1");
        assertThat(secrets.asked).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(((Connection.ApiKey) store.find("orders").orElseThrow()).value()).isEqualTo("k2");
        assertThat(secrets.asked).hasSize(2);
    }

    @Test
    void atMostAHundredConnections_areHeld_theLeastRecentlyUsedLeavingFirst() {
        for (int i = 0; i < 101; i++) {
            secrets.values.put("hookrun/connections/c" + i, apiKey("k" + i));
        }
        for (int i = 0; i < 100; i++) {
            store.find("c" + i);
        }
        store.find("c0"); // c0 used again: c1 is now the least recently used
        store.find("c100");

        assertThat(store.cached()).isEqualTo(100);
        int asked = secrets.asked.size();
        store.find("c0");
        assertThat(secrets.asked).hasSize(asked);
        store.find("c1");
        assertThat(secrets.asked).hasSize(asked + 1).last().isEqualTo("hookrun/connections/c1");
    }

    @Test
    void aMissingSecret_isNoConnection_andIsAskedForAgainNextTime() {
        assertThat(store.find("nobody")).isEmpty();
        secrets.values.put("hookrun/connections/nobody", apiKey("k"));

        assertThat(store.find("nobody")).isPresent();
    }

    @Test
    void aNameThatIsNoConnectionName_neverBecomesASecretId() {
        assertThat(store.find("../callback-key")).isEmpty();
        assertThat(store.find("a/b")).isEmpty();
        assertThat(secrets.asked).isEmpty();
    }

    @Test
    void anSdkFailure_isAnOutage_carryingTheSdkException() {
        secrets.failure = SdkClientException.create("Unable to execute HTTP request: connect timed out");

        ConnectionUnreadableException e = catchThrowableOfType(ConnectionUnreadableException.class,
                () -> store.find("orders"));

        assertThat(e.outage()).isTrue();
        assertThat(e.getCause()).isSameAs(secrets.failure);
        assertThat(e.getMessage()).isEqualTo("connection 'orders': the secret hookrun/connections/orders cannot be read"
                + " from Secrets Manager: SdkClientException");
    }

    @Test
    void aMalformedSecret_isNoOutage_andItsValueIsNotQuoted() {
        secrets.values.put("hookrun/connections/orders", "{\"authorizationType\": \"API_KEY\", sk_live_SECRET}");

        ConnectionUnreadableException e = catchThrowableOfType(ConnectionUnreadableException.class,
                () -> store.find("orders"));

        assertThat(e.outage()).isFalse();
        assertThat(e.getMessage()).startsWith("connection 'orders': is not JSON").doesNotContain("sk_live");
    }

    /** Answers GetSecretValue from a map; records the ids asked for. */
    private static final class FakeSecretsManager implements SecretsManagerClient {

        final Map<String, String> values = new ConcurrentHashMap<>();
        final List<String> asked = new ArrayList<>();
        RuntimeException failure;

        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            asked.add(request.secretId());
            if (failure != null) {
                throw failure;
            }
            String value = values.get(request.secretId());
            if (value == null) {
                throw ResourceNotFoundException.builder().message("Secrets Manager can't find the specified secret.").build();
            }
            return GetSecretValueResponse.builder().name(request.secretId()).secretString(value).build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {
        }
    }
}

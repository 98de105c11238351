package io.hookrun.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.hookrun.config.HookrunConfiguration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

/**
 * A real DynamoDB (DynamoDB Local, in memory, in this JVM) for one test class, with the hookrun table
 * created as {@code template.yaml} declares it: hash key {@code pk} (S), on demand.
 * Register it as a {@code static} {@code @RegisterExtension} field. {@code -disableTelemetry}: no phoning home,
 * and no {@code dynamodb-local-metadata.json} left in the module directory.
 */
public final class DynamoDbLocal implements BeforeAllCallback, AfterAllCallback {

    public static final String TABLE = "hookrun-test";

    private DynamoDBProxyServer server;
    private URI endpoint;
    private DynamoDbClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        int port = freePort();
        server = ServerRunner.createServerFromCommandLineArgs(new String[]{"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        client = newClient();
        client.createTable(r -> r.tableName(TABLE)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    public DynamoDbClient client() {
        return client;
    }

    /** A separate client on the same server, e.g. with an interceptor that counts requests. */
    public DynamoDbClient newClient(ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .executionInterceptors(java.util.List.of(interceptors)).build())
                .build();
    }

    public static HookrunConfiguration configuration(Duration retention, Duration claimLease) {
        return new HookrunConfiguration(TABLE, null, 262144, retention, claimLease, Duration.ofSeconds(10));
    }

    public static HookrunConfiguration configuration() {
        return configuration(Duration.ofHours(72), Duration.ofSeconds(30));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

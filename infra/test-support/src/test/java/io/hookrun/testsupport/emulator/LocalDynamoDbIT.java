package io.hookrun.testsupport.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** DynamoDB Local serves the DynamoDB API on 127.0.0.1 and nowhere else: its tables hold trigger secrets. */
class LocalDynamoDbIT {

    private static LocalDynamoDb dynamoDb;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.start();
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    @Test
    void servesTheDynamoDbApi_onTheLoopbackAddress() {
        try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint())
                .region(Region.of(AwsDefaults.REGION)).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            client.createTable(r -> r.tableName("loopback")
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));

            assertThat(client.listTables().tableNames()).contains("loopback");
        }
        assertThat(dynamoDb.host()).isEqualTo("127.0.0.1");
        assertThat(dynamoDb.endpoint().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void refusesConnectionsToTheMachinesOtherAddresses() throws Exception {
        Optional<InetAddress> other = nonLoopbackAddress();
        assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address to try");
        int port = dynamoDb.endpoint().getPort();

        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(other.get(), port), 2_000))
                    .as("connecting to %s:%d", other.get().getHostAddress(), port)
                    .isInstanceOf(ConnectException.class);
        }
        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress("127.0.0.1", port), 2_000); // the same port does listen on loopback
            assertThat(loopback.isConnected()).isTrue();
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(LocalDynamoDbIT::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}

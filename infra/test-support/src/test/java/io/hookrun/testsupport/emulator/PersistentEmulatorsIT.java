package io.hookrun.testsupport.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stand-ins started on a directory keep what they held across a stop and a start on the same directory: the
 * tables and items of DynamoDB Local, the rows of PostgreSQL, and ElasticMQ's queues with their messages, delays,
 * visibility deadlines and receive counts.
 */
class PersistentEmulatorsIT {

    @Test
    void dynamoDbOnDisk_keepsTablesAndItems_forEveryAccessKeyAndRegion(@TempDir Path directory) {
        try (LocalDynamoDb first = LocalDynamoDb.onDisk(directory);
             DynamoDbClient client = dynamoDb(first.endpoint(), "writer", AwsDefaults.REGION)) {
            client.createTable(r -> r.tableName("kept")
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            client.putItem(r -> r.tableName("kept").item(Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromS("1"))));
        }

        try (LocalDynamoDb second = LocalDynamoDb.onDisk(directory);
             DynamoDbClient otherKey = dynamoDb(second.endpoint(), "reader", "eu-west-1")) {
            assertThat(otherKey.getItem(r -> r.tableName("kept").key(Map.of("pk", AttributeValue.fromS("a")))).item())
                    .containsEntry("v", AttributeValue.fromS("1"));
        }
    }

    @Test
    void postgresInADirectory_keepsItsRows_andStartsWithoutInitdbTheSecondTime(@TempDir Path directory) throws Exception {
        try (LocalPostgres first = LocalPostgres.inDirectory(directory);
             Connection c = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password());
             Statement s = c.createStatement()) {
            s.execute("create table kept (v text)");
            s.execute("insert into kept values ('still here')");
        }
        long configWritten = java.nio.file.Files.getLastModifiedTime(directory.resolve("postgresql.conf")).toMillis();

        try (LocalPostgres second = LocalPostgres.inDirectory(directory);
             Connection c = DriverManager.getConnection(second.jdbcUrl(), second.username(), second.password());
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select v from kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
        assertThat(java.nio.file.Files.getLastModifiedTime(directory.resolve("postgresql.conf")).toMillis())
                .as("initdb did not run again").isEqualTo(configWritten);
        assertThat(directory.resolve("PG_VERSION")).exists();
    }

    @Test
    void postgresLeftRunningByAKilledProcess_isStoppedAtTheNextStart_andItsCommittedRowsAreThere(@TempDir Path directory)
            throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PostgresHolder.class.getName(), directory.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long orphan;
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("ready"));
            assertThat(line).as("the holder started PostgreSQL").isEqualTo("ready");
            orphan = Long.parseLong(java.nio.file.Files.readAllLines(directory.resolve("postmaster.pid")).getFirst().trim());
        } finally {
            holder.destroyForcibly(); // SIGKILL: no shutdown hook stops PostgreSQL
            holder.waitFor();
        }
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("PostgreSQL outlives the killed JVM").contains(true);

        try (LocalPostgres next = LocalPostgres.inDirectory(directory);
             Connection c = DriverManager.getConnection(next.jdbcUrl(), next.username(), next.password());
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select v from kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("committed before the kill");
            assertThat(next.pid()).isNotEqualTo(orphan);
        }
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void persistentSqs_keepsQueuesAttributesMessagesDelaysVisibilityAndReceiveCounts(@TempDir Path directory) throws Exception {
        Instant delayedUntil;
        Instant invisibleUntil;
        try (LocalSqs first = LocalSqs.persistent(directory); SqsClient sqs = sqs(first.endpoint())) {
            String dlq = sqs.createQueue(r -> r.queueName("dead")).queueUrl();
            String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String work = sqs.createQueue(r -> r.queueName("work").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "4",
                    QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":2}"))).queueUrl();
            String later = sqs.createQueue(r -> r.queueName("later")).queueUrl();
            sqs.sendMessage(r -> r.queueUrl(work).messageBody("in flight"));
            invisibleUntil = Instant.now().plusSeconds(4);
            assertThat(receive(sqs, work)).extracting(Message::body).containsExactly("in flight");
            sqs.sendMessage(r -> r.queueUrl(later).messageBody("delayed").delaySeconds(5));
            delayedUntil = Instant.now().plusSeconds(5);
            sqs.sendMessage(r -> r.queueUrl(dlq).messageBody("dead letter"));
        }

        try (LocalSqs second = LocalSqs.persistent(directory); SqsClient sqs = sqs(second.endpoint())) {
            assertThat(sqs.listQueues().queueUrls()).hasSize(3);
            String work = sqs.getQueueUrl(r -> r.queueName("work")).queueUrl();
            String later = sqs.getQueueUrl(r -> r.queueName("later")).queueUrl();
            String dlq = sqs.getQueueUrl(r -> r.queueName("dead")).queueUrl();
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(work)
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "4");
            assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).contains("dead", "\"maxReceiveCount\":2");
            assertThat(receive(sqs, dlq)).extracting(Message::body).containsExactly("dead letter");

            if (Instant.now().isBefore(invisibleUntil.minusMillis(500))) {
                assertThat(receive(sqs, work)).as("still in flight: invisible until its visibility deadline").isEmpty();
            }
            if (Instant.now().isBefore(delayedUntil.minusMillis(500))) {
                assertThat(receive(sqs, later)).as("still delayed").isEmpty();
            }
            Message again = awaitOne(sqs, work);
            assertThat(again.body()).isEqualTo("in flight");
            assertThat(again.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
            assertThat(Instant.now()).isAfterOrEqualTo(invisibleUntil.minusMillis(200));
            Message delayed = awaitOne(sqs, later);
            assertThat(delayed.body()).isEqualTo("delayed");
            assertThat(Instant.now()).isAfterOrEqualTo(delayedUntil.minusMillis(200));
            sqs.deleteMessage(r -> r.queueUrl(later).receiptHandle(delayed.receiptHandle()));
        }

        try (LocalSqs third = LocalSqs.persistent(directory); SqsClient sqs = sqs(third.endpoint())) {
            String later = sqs.getQueueUrl(r -> r.queueName("later")).queueUrl();
            assertThat(receive(sqs, later)).as("a deleted message stays deleted").isEmpty();
        }
    }

    @Test
    void onlyOnePersistentSqs_atATimeInAJvm(@TempDir Path one, @TempDir Path two) {
        try (LocalSqs first = LocalSqs.persistent(one)) {
            assertThatThrownBy(() -> LocalSqs.persistent(two)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already open in this JVM");
            assertThat(first.endpoint()).isNotNull();
        }
        LocalSqs.persistent(two).close(); // free again once the first is closed
    }

    private static List<Message> receive(SqsClient sqs, String url) {
        return sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
    }

    private static Message awaitOne(SqsClient sqs, String url) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            List<Message> messages = receive(sqs, url);
            if (!messages.isEmpty()) {
                assertThat(messages).hasSize(1);
                return messages.getFirst();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no message on " + url + " within 30 s");
    }

    private static DynamoDbClient dynamoDb(URI endpoint, String accessKey, String region) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret"))).build();
    }

    private static SqsClient sqs(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.of(AwsDefaults.REGION))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }
}

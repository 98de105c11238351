package io.hookrun.local.eventsource;

import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.hookrun.local.testfunctions.BatchHandler;
import io.hookrun.local.testfunctions.BatchHandler.Delivery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQS event source mapping against ElasticMQ with the test template's queues (visibility timeout 1 s,
 * maxReceiveCount 2): what the function reports failed comes back and is redriven to the DLQ, what succeeded
 * is deleted, a thrown batch is retried whole, and batches are processed concurrently by several pollers.
 */
class SqsEventSourceIT {

    private static final Path TEST_TEMPLATE = Path.of("src/test/resources/local-test-template.yaml");
    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.of(TEST_TEMPLATE).withoutHttp().withoutPostgres()
                .withFunctions("PartialBatchFunction", "ThrowingBatchFunction", "PairBatchFunction").withQueuePollers(3));
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void partialBatchFailure_deletesOnlySucceededRecords_andTheFailedOneIsRedrivenAfterMaxReceiveCount() throws Exception {
        cloud.sqs().sendMessageBatch(r -> r.queueUrl(cloud.queueUrl("WorkQueue")).entries(
                SendMessageBatchRequestEntry.builder().id("1").messageBody("ok-1").build(),
                SendMessageBatchRequestEntry.builder().id("2").messageBody("fail").build(),
                SendMessageBatchRequestEntry.builder().id("3").messageBody("ok-2").build()));

        List<Message> deadLetters = awaitMessages("WorkDeadLetterQueue", 1, Duration.ofSeconds(20));
        Thread.sleep(2_500); // over two visibility timeouts: an undeleted record would have come back by now

        assertThat(deadLetters).extracting(Message::body).containsExactly("fail");
        List<Delivery> deliveries = BatchHandler.deliveries("partial");
        assertThat(deliveries).filteredOn(d -> d.body().equals("fail")).extracting(Delivery::receiveCount).containsExactly(1, 2);
        assertThat(deliveries).filteredOn(d -> d.body().matches("ok-\\d")).extracting(Delivery::body)
                .containsExactlyInAnyOrder("ok-1", "ok-2");
        assertThat(queueDepth("WorkQueue")).isZero();
    }

    @Test
    void handlerThrows_deletesNothing_soTheBatchIsRetriedThenRedrivenToTheDlq() throws Exception {
        cloud.sqs().sendMessage(r -> r.queueUrl(cloud.queueUrl("ThrowQueue")).messageBody("throw"));

        List<Message> deadLetters = awaitMessages("ThrowDeadLetterQueue", 1, Duration.ofSeconds(20));

        assertThat(deadLetters).extracting(Message::body).containsExactly("throw");
        assertThat(BatchHandler.deliveries("throwing")).extracting(Delivery::receiveCount).containsExactly(1, 2);
    }

    @Test
    void twoRecordsInSeparateBatches_areProcessedAtTheSameTime() throws Exception {
        // PairQueue has BatchSize 1: each record is its own batch. Each waits in the function (up to 10 s) for the
        // other to be there too; one poller at a time would leave the first alone and fail both.
        cloud.sqs().sendMessage(r -> r.queueUrl(cloud.queueUrl("PairQueue")).messageBody(BatchHandler.RENDEZVOUS));
        cloud.sqs().sendMessage(r -> r.queueUrl(cloud.queueUrl("PairQueue")).messageBody(BatchHandler.RENDEZVOUS));

        await(() -> BatchHandler.RENDEZVOUS_OUTCOMES.size() >= 2 ? true : null, Duration.ofSeconds(30));

        assertThat(BatchHandler.RENDEZVOUS_OUTCOMES).containsExactly("met", "met");
        assertThat(BatchHandler.deliveries("pair")).extracting(Delivery::messageId).doesNotHaveDuplicates().hasSize(2);
        assertThat(cloud.function("PairBatchFunction").function().queues().getFirst().batchSize()).isEqualTo(1);
        // The function records its outcome before it returns; the poller deletes after: wait for the deletes.
        assertThat(await(() -> queueDepth("PairQueue") == 0 ? Boolean.TRUE : null, Duration.ofSeconds(10)))
                .as("both deleted: each batch reported success").isTrue();
    }

    @Test
    void records_carryTheSqsEventFields_andMessageAttributes() throws Exception {
        cloud.sqs().sendMessage(r -> r.queueUrl(cloud.queueUrl("WorkQueue")).messageBody("ok-attributes")
                .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("test").build())));

        Delivery delivery = await(() -> BatchHandler.deliveries("partial").stream()
                .filter(d -> d.body().equals("ok-attributes")).findFirst().orElse(null), Duration.ofSeconds(10));

        assertThat(delivery.eventSource()).isEqualTo("aws:sqs");
        assertThat(delivery.eventSourceArn()).isEqualTo(cloud.queueArn("WorkQueue")).isEqualTo("arn:aws:sqs:elasticmq:000000000000:WorkQueue");
        assertThat(delivery.awsRegion()).isEqualTo("us-east-1");
        assertThat(delivery.attributes()).containsKeys("ApproximateReceiveCount", "SentTimestamp", "ApproximateFirstReceiveTimestamp");
        assertThat(delivery.messageAttributes()).containsEntry("kind", "test");
    }

    @Test
    void provisioning_createsQueuesWithTheirTemplateAttributes_andTheTableWithTtl() {
        Map<QueueAttributeName, String> work = cloud.sqs().getQueueAttributes(r -> r.queueUrl(cloud.queueUrl("WorkQueue"))
                .attributeNames(QueueAttributeName.ALL)).attributes();

        assertThat(work).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "1");
        assertThat(work.get(QueueAttributeName.REDRIVE_POLICY)).contains(cloud.queueArn("WorkDeadLetterQueue")).contains("\"maxReceiveCount\":2");
        assertThat(cloud.queueUrls()).containsKeys("WorkQueue", "WorkDeadLetterQueue", "ThrowQueue", "ThrowDeadLetterQueue");
        var ttl = cloud.dynamoDb().describeTimeToLive(r -> r.tableName(cloud.tableName("TestTable"))).timeToLiveDescription();
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
        assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
    }

    private static List<Message> awaitMessages(String queue, int count, Duration timeout) throws InterruptedException {
        List<Message> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            received.addAll(cloud.sqs().receiveMessage(r -> r.queueUrl(cloud.queueUrl(queue)).waitTimeSeconds(1)
                    .maxNumberOfMessages(10)).messages());
        }
        return received;
    }

    private static int queueDepth(String queue) {
        Map<QueueAttributeName, String> attributes = cloud.sqs().getQueueAttributes(r -> r.queueUrl(cloud.queueUrl(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static <T> T await(Supplier<T> probe, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value;
        while ((value = probe.get()) == null) {
            assertThat(System.nanoTime()).as("waited %s", timeout).isLessThan(deadline);
            Thread.sleep(100);
        }
        return value;
    }
}

package io.hookrun.aws.sqs;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.DeadLetters.DeadLetter;
import io.hookrun.core.message.DeadLetters.MoveTask;
import io.hookrun.core.message.StepMessage;
import io.hookrun.testsupport.emulator.AwsDefaults;
import io.hookrun.testsupport.emulator.LocalSqs;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SqsDeadLetters} against ElasticMQ with a real redrive policy (maxReceiveCount 2): messages reach the DLQ the
 * way SQS sends them there, peeking leaves them there, and a redrive moves them back with a receive count of their own.
 */
class SqsDeadLettersIT {

    private static final JsonText JSON = new JsonText(ObjectMapper.getDefault());
    private static LocalSqs server;
    private static SqsClient sqs;

    private String queueUrl;
    private String deadLetterUrl;
    private SqsStepQueue queue;
    private SqsDeadLetters deadLetters;

    @BeforeAll
    static void start() {
        server = LocalSqs.start();
        sqs = SqsClient.builder().endpointOverride(server.endpoint()).region(Region.of(AwsDefaults.REGION))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        server.close();
    }

    @BeforeEach
    void queues() {
        String name = "steps-" + UUID.randomUUID();
        deadLetterUrl = sqs.createQueue(r -> r.queueName(name + "-dlq")).queueUrl();
        String deadLetterArn = arn(deadLetterUrl);
        queueUrl = sqs.createQueue(r -> r.queueName(name).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":2}"))).queueUrl();
        queue = new SqsStepQueue(sqs, JSON, new HookrunConfiguration("t", queueUrl, 983040, Duration.ofHours(1),
                Duration.ofSeconds(30), Duration.ofSeconds(10)));
        deadLetters = new SqsDeadLetters(sqs, ObjectMapper.getDefault(),
                new DeadLetterQueueConfiguration(deadLetterUrl, deadLetterArn, arn(queueUrl)));
    }

    private static String arn(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    /** Receives the steps queue's messages without deleting them until the redrive policy moves them to the DLQ. */
    private void failUntilDeadLettered(int messages) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (deadLetters.depth() < messages && Instant.now().isBefore(deadline)) {
            // Received as the Lambda event source mapping (and the local one) receives: every attribute.
            for (Message m : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages()) {
                sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
            }
        }
        assertThat(deadLetters.depth()).isEqualTo(messages);
    }

    @Test
    void peek_readsStepMessagesWithTheirRunAndLeavesThemInTheDeadLetterQueue() {
        String runId = UUID.randomUUID().toString();
        queue.sendStep(new StepMessage(runId, "0.3", 7, "Charge", null));
        failUntilDeadLettered(1);

        List<DeadLetter> first = deadLetters.peek(10);
        List<DeadLetter> second = deadLetters.peek(10);

        assertThat(first).hasSize(1);
        DeadLetter letter = first.getFirst();
        assertThat(letter.step()).isEqualTo(new StepMessage(runId, "0.3", 7, "Charge", null));
        assertThat(letter.body()).isNull();
        assertThat(letter.receiveCount()).isGreaterThanOrEqualTo(2);
        assertThat(letter.sentAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(second).extracting(DeadLetter::messageId).containsExactly(letter.messageId());
        assertThat(deadLetters.depth()).isEqualTo(1);
    }

    @Test
    void peek_keepsTheBodyOfAMessageThatIsNoStep_andHonoursTheLimit() {
        queue.sendEvent(new CloudEvent(CloudEvent.SPEC_VERSION, "msg_1", "/hooks/orders", CloudEvent.WEBHOOK_RECEIVED,
                "2025-06-01T12:00:00Z", "application/json", Map.of("a", 1), "orders", "flow", UUID.randomUUID().toString()));
        for (int i = 0; i < 3; i++) {
            queue.sendStep(new StepMessage(UUID.randomUUID().toString(), i, "S"));
        }
        failUntilDeadLettered(4);

        List<DeadLetter> all = deadLetters.peek(100);
        List<DeadLetter> two = deadLetters.peek(2);

        assertThat(all).hasSize(4);
        assertThat(all).filteredOn(d -> d.step() == null).singleElement()
                .satisfies(d -> assertThat(d.body()).contains("\"hookrunrunid\""));
        assertThat(two).hasSize(2);
    }

    @Test
    void redrive_movesEveryMessageBackToTheStepsQueueWithAFreshReceiveCount_andIsListed() throws Exception {
        String runId = UUID.randomUUID().toString();
        queue.sendStep(new StepMessage(runId, 3, "Charge"));
        queue.sendStep(new StepMessage(runId, 4, "Ship"));
        failUntilDeadLettered(2);

        MoveTask task = deadLetters.redrive();

        assertThat(task.taskHandle()).isNotBlank();
        assertThat(task.status()).isEqualTo("RUNNING");
        Instant deadline = Instant.now().plusSeconds(20);
        while (deadLetters.depth() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(deadLetters.depth()).isZero();
        List<Message> back = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(2)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        assertThat(back).hasSize(2);
        assertThat(back).allSatisfy(m -> assertThat(m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .as("a redriven message starts counting its receives again").isEqualTo("1"));
        List<MoveTask> tasks = deadLetters.moveTasks();
        assertThat(tasks).isNotEmpty();
        assertThat(tasks.getFirst().status()).isEqualTo("COMPLETED");
        assertThat(tasks.getFirst().movedMessages()).isEqualTo(2);
    }

    @Test
    void redrive_ofAnEmptyDeadLetterQueueCompletesWithNothingMoved() throws Exception {
        MoveTask task = deadLetters.redrive();

        assertThat(task.messagesToMove()).isZero();
        Instant deadline = Instant.now().plusSeconds(10);
        while (!deadLetters.moveTasks().isEmpty() && "RUNNING".equals(deadLetters.moveTasks().getFirst().status())
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(deadLetters.moveTasks().getFirst().movedMessages()).isZero();
    }
}

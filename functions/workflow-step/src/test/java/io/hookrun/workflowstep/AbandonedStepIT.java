package io.hookrun.workflowstep;

import io.hookrun.aws.sqs.SqsStepQueue;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.testsupport.emulator.AwsDefaults;
import io.hookrun.testsupport.emulator.LocalDynamoDb;
import io.hookrun.testsupport.emulator.LocalPostgres;
import io.hookrun.testsupport.emulator.LocalSqs;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@link WorkflowStepHandler} (and {@link RunSweeperHandler}), built with their ApplicationContextBuilder
 * constructors, against ElasticMQ (a steps queue whose redrive policy moves a message to its DLQ after 3 receives),
 * PostgreSQL and DynamoDB Local, driven by {@link LocalEventSource} as Lambda's SQS event source would drive them.
 */
class AbandonedStepIT {

    private static final int MAX_RECEIVE_COUNT = 3;
    private static final Duration GUARD = Duration.ofSeconds(90);

    private static LocalSqs localSqs;
    private static LocalPostgres postgres;
    private static LocalDynamoDb dynamoDb;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        AwsDefaults.applyToSystemProperties();
        localSqs = LocalSqs.start();
        postgres = LocalPostgres.start();
        dynamoDb = LocalDynamoDb.start();
        sqs = SqsClient.builder().endpointOverride(localSqs.endpoint()).region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint())
                .region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            dynamo.createTable(r -> r.tableName("hookrun").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        }
    }

    @AfterAll
    static void stop() {
        if (sqs != null) {
            sqs.close();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {localSqs, postgres, dynamoDb}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }

    /** A steps queue with a DLQ after {@value #MAX_RECEIVE_COUNT} receives; returns {queue URL, DLQ URL}. */
    private static String[] queueWithDlq(String name) {
        String dlqUrl = sqs.createQueue(r -> r.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String queueUrl = sqs.createQueue(r -> r.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\"}")))
                .queueUrl();
        return new String[] {queueUrl, dlqUrl};
    }

    private static ApplicationContextBuilder functionContext(String queueUrl, String jdbcUrl, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "hookrun.table-name", "hookrun",
                "hookrun.steps-queue-url", queueUrl,
                "aws.region", AwsDefaults.REGION,
                "aws.services.sqs.endpoint-override", localSqs.endpoint().toString(),
                "aws.services.dynamodb.endpoint-override", dynamoDb.endpoint().toString(),
                "datasources.default.url", jdbcUrl,
                "datasources.default.username", LocalPostgres.USER,
                "datasources.default.password", LocalPostgres.PASSWORD,
                "hookrun.step.max-receive-count", MAX_RECEIVE_COUNT));
        properties.putAll(extra);
        return ApplicationContext.builder().deduceEnvironment(false).environmentPropertySource(false)
                .properties(properties);
    }

    private static int count(String queueUrl, QueueAttributeName attribute) {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(attribute))
                .attributes().get(attribute));
    }

    private static CloudEvent event(String workflowId) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, "evt-" + UUID.randomUUID(), "/hooks/trg-it", CloudEvent.WEBHOOK_RECEIVED,
                Instant.now().toString(), "application/json", Map.of("orderId", "o-1"), "trg-it", workflowId,
                UUID.randomUUID().toString());
    }

    @Test
    void aStateWhoseEvaluationThrowsUnexpectedly_endsItsRunFailedAfterTheConfiguredDeliveriesWithTheMessageInTheDlq() {
        String[] queues = queueWithDlq("steps-explode");
        try (WorkflowStepHandler handler = new WorkflowStepHandler(functionContext(queues[0], postgres.jdbcUrl(),
                Map.of("hookrun.test.http", "explode")))) {
            ApplicationContext context = handler.getApplicationContext();
            context.getBean(WorkflowStore.class).save("wf-explodes", StepFixture.json("{'QueryLanguage': 'JSONata', "
                    + "'StartAt': 'Call', 'States': {'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
                    + "'Arguments': {'ApiEndpoint': 'https://api.example.test/orders', 'Method': 'POST'}, 'End': true}}}"),
                    Instant.now());
            CloudEvent event = event("wf-explodes");
            context.getBean(StepQueue.class).sendEvent(event);
            LocalEventSource eventSource = new LocalEventSource(sqs, queues[0], handler);

            eventSource.runUntil(() -> count(queues[1], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 1, GUARD);

            UUID runId = UUID.fromString(event.hookrunrunid());
            RunHistory history = context.getBean(RunHistory.class);
            Run run = history.findRun(runId).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.error()).isEqualTo(StepExecutor.STEP_ABANDONED);
            assertThat(run.cause()).contains("last delivery (3 of 3)")
                    .contains("java.lang.IllegalStateException: evaluation exploded calling api.example.test");
            StateExecution state = history.stateExecution(runId, "", 0).orElseThrow();
            assertThat(state.status()).isEqualTo(StateStatus.FAILED);
            assertThat(state.attempts()).as("each delivery claimed the state again").isEqualTo(MAX_RECEIVE_COUNT);
            assertThat(context.getBean(ExplodingHttpInvoker.class).calls()).isEqualTo(MAX_RECEIVE_COUNT);

            List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(queues[1]).messageAttributeNames("All")).messages();
            assertThat(dead).singleElement().satisfies(message -> {
                assertThat(message.body()).contains(event.hookrunrunid());
                assertThat(message.messageAttributes().get(SqsStepQueue.KIND_ATTRIBUTE).stringValue())
                        .isEqualTo(SqsStepQueue.KIND_EVENT);
            });
            assertThat(count(queues[0], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isZero();
            assertThat(count(queues[0], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isZero();
        }
    }

    @Test
    void aDatabaseOutage_resendsTheAcceptedEventAsAFreshCopyInsteadOfWalkingItToTheDlq() throws IOException {
        String[] queues = queueWithDlq("steps-outage");
        String unreachable = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres";
        try (WorkflowStepHandler handler = new WorkflowStepHandler(functionContext(queues[0], unreachable,
                Map.of("datasources.default.connection-timeout", 500)))) {
            CloudEvent event = event("wf-any");
            handler.getApplicationContext().getBean(StepQueue.class).sendEvent(event);
            LocalEventSource eventSource = new LocalEventSource(sqs, queues[0], handler);

            eventSource.runUntil(() -> count(queues[0], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED) == 1
                    && count(queues[0], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 0, GUARD);

            assertThat(eventSource.invocations()).as("delivery 1 retried, delivery 2 re-sent").isEqualTo(MAX_RECEIVE_COUNT - 1);
            assertThat(count(queues[0], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isZero();
            assertThat(count(queues[1], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).as("nothing in the DLQ").isZero();
        }
    }

    @Test
    void theSweeperSendsTheOpenStepOfAStalledRunAgain() {
        String[] queues = queueWithDlq("steps-sweep");
        try (RunSweeperHandler handler = new RunSweeperHandler(functionContext(queues[0], postgres.jdbcUrl(), Map.of()))) {
            RunHistory history = handler.getApplicationContext().getBean(RunHistory.class);
            UUID runId = UUID.randomUUID();
            Instant longAgo = Instant.now().minus(Duration.ofHours(2));
            history.createRun(new Run(runId, "trg-it", "wf-it", "evt-" + runId, RunStatus.RUNNING, "{}", null, null, null,
                    StepFixture.json("{'QueryLanguage': 'JSONata', 'StartAt': 'Begin', 'States': {'Begin': {'Type': 'Succeed'}}}"),
                    longAgo, longAgo, null));

            Map<String, Object> scheduledEvent = Map.of("source", "aws.events", "detail-type", "Scheduled Event",
                    "detail", Map.of());
            Map<String, Integer> report = handler.handleRequest(scheduledEvent, LocalEventSource.context());

            assertThat(report.get("resumed")).isGreaterThanOrEqualTo(1);
            List<Message> sent = sqs.receiveMessage(r -> r.queueUrl(queues[0]).maxNumberOfMessages(10)
                    .messageAttributeNames("All")).messages();
            assertThat(sent).anySatisfy(message -> {
                assertThat(message.messageAttributes().get(SqsStepQueue.KIND_ATTRIBUTE).stringValue())
                        .isEqualTo(SqsStepQueue.KIND_STEP);
                assertThat(message.body()).isEqualTo(StepFixture.write(new StepMessage(runId.toString(), 0, "Begin")));
            });
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.hookrun.admin;

import io.hookrun.aws.sqs.SqsStepQueue;
import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.testsupport.emulator.AwsDefaults;
import io.hookrun.testsupport.emulator.DynamoDbLocalExtension;
import io.hookrun.testsupport.emulator.LocalSqs;
import io.hookrun.testsupport.fault.FaultProxy;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durable path of {@code POST /admin/workflows/{id}/runs}: the real AdminHandler with its real DynamoDB store
 * (DynamoDB Local: workflows and name claims) and its real SQS queue (ElasticMQ), SQS reached through a TCP fault
 * proxy. A 202 means the start message is on the queue; a name is claimed once however many requests race for it; a
 * start whose send was reset is retried under the same run id.
 */
class AdminStartRunIT {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

    private static final String WORKFLOW = "order-flow";
    private static final String RUNS = "/admin/workflows/" + WORKFLOW + "/runs";
    private static final String INPUT = "{\"orderId\": \"o-1\", \"amount\": 250}";
    private static LocalSqs sqsServer;
    private static FaultProxy sqsProxy;
    private static SqsClient sqs;

    private String queueUrl;
    private AdminApi api;

    @BeforeAll
    static void startSqs() {
        sqsServer = LocalSqs.start();
        sqsProxy = new FaultProxy(sqsServer.endpoint());
        sqs = SqsClient.builder().endpointOverride(sqsServer.endpoint()).region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
        sqsProxy.close();
        sqsServer.close();
    }

    /** The real trigger store seals secrets, so the admin context needs a key to start (no trigger is stored here). */
    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path keyDirectory;

    private static java.nio.file.Path secretsKey() {
        java.nio.file.Path file = keyDirectory.resolve("secrets.key");
        try {
            if (!java.nio.file.Files.exists(file)) {
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                java.nio.file.Files.write(file, key);
            }
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void freshQueueAndHandler() {
        sqsProxy.setMode(FaultProxy.Mode.PASS);
        queueUrl = sqs.createQueue(r -> r.queueName("steps-" + UUID.randomUUID())).queueUrl();
        URI dynamoDb = DYNAMO.client().serviceClientConfiguration().endpointOverride().orElseThrow();
        api = new AdminApi(Map.of(
                TwinStoreFactory.REAL_AWS, "true",
                "hookrun.table-name", DynamoDbLocalExtension.TABLE,
                "hookrun.steps-queue-url", queueUrl,
                "aws.services.dynamodb.endpoint-override", dynamoDb.toString(),
                "aws.services.sqs.endpoint-override", sqsProxy.endpoint().toString(),
                "hookrun.secrets.key-file", secretsKey().toString()));
        assertThat(api.put("/admin/workflows/" + WORKFLOW, Definitions.VALID).status()).as("created or a new version")
                .isIn(200, 201);
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void namedStart_answers202WithTheMessageOnTheQueue_andTheSameStartAgainQueuesNothing() throws Exception {
        AdminApi.Response first = api.post(RUNS, Map.of("name", "nightly-1"), INPUT);
        AdminApi.Response again = api.post(RUNS, Map.of("name", "nightly-1"), INPUT);
        AdminApi.Response otherInput = api.post(RUNS, Map.of("name", "nightly-1"), "{}");

        assertThat(first.status()).isEqualTo(202);
        String runId = (String) first.object().get("runId");
        List<Message> messages = drain();
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.messageAttributes().get(SqsStepQueue.KIND_ATTRIBUTE).stringValue()).isEqualTo(SqsStepQueue.KIND_START);
            assertThat(start(m)).extracting(StartRunMessage::runId, StartRunMessage::workflowId, StartRunMessage::name,
                    StartRunMessage::input).containsExactly(runId, WORKFLOW, "nightly-1", INPUT);
        });
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.object()).containsEntry("runId", runId);
        assertThat(otherInput.status()).isEqualTo(409);
        Map<String, AttributeValue> claim = DYNAMO.client().getItem(r -> r.tableName(DynamoDbLocalExtension.TABLE).key(
                Map.of("pk", AttributeValue.fromS(DeliveryKey.runName(WORKFLOW, "nightly-1").partitionKey())))).item();
        assertThat(claim.get("status").s()).isEqualTo("COMPLETED");
        assertThat(claim.get("runId").s()).isEqualTo(runId);
    }

    @Test
    void sixteenConcurrentStartsOfOneName_queueExactlyOneMessage() throws Exception {
        List<AdminApi.Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Callable<AdminApi.Response>> copies = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                copies.add(() -> api.post(RUNS, Map.of("name", "raced"), INPUT));
            }
            for (Future<AdminApi.Response> f : pool.invokeAll(copies)) {
                responses.add(f.get());
            }
        }

        assertThat(responses).extracting(AdminApi.Response::status).isSubsetOf(200, 202, 409).containsOnlyOnce(202);
        assertThat(responses).filteredOn(r -> r.status() == 409)
                .allSatisfy(r -> assertThat(r.headers()).containsKey("Retry-After"));
        String runId = (String) responses.stream().filter(r -> r.status() == 202).findFirst().orElseThrow().object().get("runId");
        assertThat(drain()).singleElement().satisfies(m -> assertThat(start(m).runId()).isEqualTo(runId));
    }

    @Test
    void sqsResettingTheSend_answers503_andTheRetryQueuesTheStartUnderTheSameRunId() throws Exception {
        sqsProxy.setMode(FaultProxy.Mode.RESET);
        AdminApi.Response failed;
        try {
            failed = api.post(RUNS, Map.of("name", "through-a-reset"), INPUT);
        } finally {
            sqsProxy.setMode(FaultProxy.Mode.PASS);
        }
        AdminApi.Response retry = api.post(RUNS, Map.of("name", "through-a-reset"), INPUT);

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.headers()).containsKey("Retry-After");
        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        // Whether or not SQS stored the reset attempt, every copy names one run: the step function drops the others.
        assertThat(drain()).isNotEmpty().allSatisfy(m -> assertThat(start(m).runId()).isEqualTo(retry.object().get("runId")));
    }

    @Test
    void unnamedStarts_queueOneMessageEach() throws Exception {
        AdminApi.Response first = api.post(RUNS, Map.of(), INPUT);
        AdminApi.Response second = api.post(RUNS, Map.of(), INPUT);

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(drain()).extracting(m -> start(m).runId())
                .containsExactlyInAnyOrder((String) first.object().get("runId"), (String) second.object().get("runId"));
    }

    /** Every message on the queue, each received once (with their attributes), until a receive comes back empty. */
    private List<Message> drain() {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(60).messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
    }

    private static StartRunMessage start(Message message) {
        try {
            return JsonMapper.createDefault().readValue(message.body(), StartRunMessage.class);
        } catch (IOException e) {
            throw new AssertionError(message.body(), e);
        }
    }
}

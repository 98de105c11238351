package io.hookrun.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.core.idempotency.IdempotencyStore;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.signature.SignedRequest;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.signature.WebhookRequest;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.lambda.LambdaHandler;
import io.hookrun.lambda.TestLambdaContext;
import io.hookrun.testsupport.emulator.AwsDefaults;
import io.hookrun.testsupport.emulator.LocalDynamoDb;
import io.hookrun.testsupport.emulator.LocalSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CloudEvent keeps its id all the way to the SQS message: the real {@link WebhookHandler} (as {@code ./hookrun
 * local} builds it) with its real {@code SqsStepQueue} on ElasticMQ and its real delivery claims on DynamoDB Local,
 * fed signed Standard Webhooks deliveries carrying a CloudEvent in structured and in binary mode. The message read back
 * from the queue is the CloudEvent in the JSON event format: the sender's id, attributes and extensions at the top,
 * hookrun's extensions naming the run the 202 announced. (Triggers stay in memory: the trigger store has tests of its
 * own against DynamoDB Local.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudEventToSqsIT {

    private static final String TRIGGER = "ce-orders";

    private LocalSqs localSqs;
    private LocalDynamoDb localDynamoDb;
    private SqsClient sqs;
    private String queueUrl;
    private WebhookHandler handler;
    private JsonText json;

    @BeforeAll
    void start() {
        AwsDefaults.applyToSystemProperties();
        localSqs = LocalSqs.start();
        localDynamoDb = LocalDynamoDb.start();
        sqs = SqsClient.builder().endpointOverride(localSqs.endpoint()).region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        queueUrl = sqs.createQueue(r -> r.queueName("steps-ce")).queueUrl();
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(localDynamoDb.endpoint())
                .region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            dynamo.createTable(r -> r.tableName("hookrun").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        }
        handler = new WebhookHandler(LambdaHandler.lambdaBuilder().properties(Map.of(
                TwinStores.REAL_AWS, true,
                "hookrun.table-name", "hookrun",
                "hookrun.steps-queue-url", queueUrl,
                "aws.region", AwsDefaults.REGION,
                "aws.services.sqs.endpoint-override", localSqs.endpoint().toString(),
                "aws.services.dynamodb.endpoint-override", localDynamoDb.endpoint().toString())));
        json = handler.getApplicationContext().getBean(JsonText.class);
        handler.getApplicationContext().getBean(InMemoryTriggerStore.class).save(TRIGGER, "order-flow",
                StandardWebhooksScheme.NAME, List.of(SignedRequest.SPEC_SECRET), SignedRequest.valid().now());
    }

    @AfterAll
    void stop() throws Exception {
        if (handler != null) {
            handler.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (localSqs != null) {
            localSqs.close();
        }
        if (localDynamoDb != null) {
            localDynamoDb.close();
        }
    }

    private APIGatewayV2HTTPResponse send(WebhookRequest signed, Map<String, String> extraHeaders, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>(signed.headers());
        headers.putAll(extraHeaders);
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /hooks/{triggerId}")
                .withRawPath("/hooks/" + TRIGGER)
                .withHeaders(headers)
                .withPathParameters(Map.of("triggerId", TRIGGER))
                .withBody(new String(signed.body(), StandardCharsets.UTF_8))
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                                .withPath("/hooks/" + TRIGGER).build())
                        .build())
                .build();
        return handler.handleRequest(event, new TestLambdaContext("WebhookFunction", requestId, Duration.ofSeconds(20)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String text) {
        return (Map<String, Object>) json.parse(text);
    }

    /** The next {@code expected} messages on the queue, read and deleted; waits up to 20 s for them. */
    private List<Map<String, Object>> receive(int expected) {
        List<Map<String, Object>> bodies = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (bodies.size() < expected && System.nanoTime() < deadline) {
            for (Message message : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(2)).messages()) {
                bodies.add(parse(message.body()));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return bodies;
    }

    /** Whether the queue is empty: nothing arrives within a 2-second long poll. */
    private boolean queueStaysEmpty() {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(2)).messages().isEmpty();
    }

    @Test
    void structuredCloudEvent_keepsItsIdAttributesAndExtensions_inTheSqsMessage() {
        String cloudEvent = """
                {"specversion": "1.0", "id": "ce-structured-1", "source": "https://shop.example/orders",
                 "type": "order.paid", "subject": "order-7", "traceparent": "00-4bf92f3577b34da6-00f067aa0ba902b7-01",
                 "hookrunrunid": "forged", "datacontenttype": "application/json", "data": {"amount": 250}}""";
        WebhookRequest signed = SignedRequest.valid().withId("msg_structured_1").withBody(cloudEvent).toRequest();

        APIGatewayV2HTTPResponse response = send(signed, Map.of("content-type", "application/cloudevents+json"),
                "req-structured");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        Map<String, Object> answer = parse(response.getBody());
        assertThat(answer).containsEntry("eventId", "ce-structured-1").containsEntry("status", "QUEUED");
        assertThat(receive(1)).singleElement().satisfies(message -> {
            assertThat(message).containsEntry("id", "ce-structured-1")
                    .containsEntry("source", "https://shop.example/orders")
                    .containsEntry("type", "order.paid")
                    .containsEntry("subject", "order-7")
                    .containsEntry("traceparent", "00-4bf92f3577b34da6-00f067aa0ba902b7-01")
                    .containsEntry("hookruntriggerid", TRIGGER)
                    .containsEntry("hookrunrunid", answer.get("runId"))
                    .containsEntry("data", Map.of("amount", 250));
        });
        // The scheme's webhook-id keys the claim: a sender retrying with it is answered, not queued again.
        assertThat(handler.getApplicationContext().getBean(IdempotencyStore.class))
                .isNotInstanceOf(io.hookrun.core.idempotency.InMemoryIdempotencyStore.class);
        APIGatewayV2HTTPResponse again = send(signed, Map.of("content-type", "application/cloudevents+json"),
                "req-structured-again");
        assertThat(again.getBody()).isEqualTo(response.getBody());
        assertThat(again.getHeaders()).containsEntry(WebhookHandler.REPLAYED_HEADER, "true");
        assertThat(queueStaysEmpty()).as("a replay queues nothing").isTrue();
    }

    @Test
    void binaryCloudEvent_keepsItsCeIdAndHeaders_inTheSqsMessage() {
        WebhookRequest signed = SignedRequest.valid().withId("msg_binary_1").withBody("{\"celsius\": 21.5}")
                .toRequest();

        APIGatewayV2HTTPResponse response = send(signed, Map.of("ce-specversion", "1.0", "ce-id", "ce-binary-1",
                "ce-source", "/sensors/7", "ce-type", "reading.taken", "ce-subject", "caf%C3%A9"), "req-binary");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        assertThat(receive(1)).singleElement().satisfies(message -> assertThat(message)
                .containsEntry("id", "ce-binary-1")
                .containsEntry("source", "/sensors/7")
                .containsEntry("type", "reading.taken")
                .containsEntry("subject", "café")
                .containsEntry("datacontenttype", "application/json")
                .containsEntry("hookrunrunid", parse(response.getBody()).get("runId"))
                .containsKey("data"));
    }
}

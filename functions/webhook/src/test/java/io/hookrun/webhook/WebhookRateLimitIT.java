package io.hookrun.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.SignedRequest;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.signature.WebhookRequest;
import io.hookrun.core.trigger.EventSettings;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.core.trigger.RateLimit;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerSecret;
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
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trigger's rate limit through two real {@link WebhookHandler}s (two Lambda instances) sharing one bucket in
 * DynamoDB Local, with the real steps queue on ElasticMQ: exactly the burst is admitted across both, the rest is 429
 * with Retry-After, and only admitted events reach the queue, each with the trigger id as its MessageGroupId. Both
 * handlers' clocks stand at the signing fixture's instant, so no refill happens in between. (Triggers stay in memory.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookRateLimitIT {

    private static final String TRIGGER = "limited";
    private static final RateLimit LIMIT = new RateLimit(0.2, 3);

    private LocalSqs localSqs;
    private LocalDynamoDb localDynamoDb;
    private SqsClient sqs;
    private String queueUrl;
    private final List<WebhookHandler> handlers = new ArrayList<>();

    @BeforeAll
    void start() {
        AwsDefaults.applyToSystemProperties();
        localSqs = LocalSqs.start();
        localDynamoDb = LocalDynamoDb.start();
        sqs = SqsClient.builder().endpointOverride(localSqs.endpoint()).region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        queueUrl = sqs.createQueue(r -> r.queueName("steps-limits")).queueUrl();
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(localDynamoDb.endpoint())
                .region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            dynamo.createTable(r -> r.tableName("hookrun").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        }
        for (int i = 0; i < 2; i++) {
            WebhookHandler handler = new WebhookHandler(LambdaHandler.lambdaBuilder().properties(Map.of(
                    TwinStores.REAL_AWS, true,
                    "hookrun.table-name", "hookrun",
                    "hookrun.steps-queue-url", queueUrl,
                    "aws.region", AwsDefaults.REGION,
                    "aws.services.sqs.endpoint-override", localSqs.endpoint().toString(),
                    "aws.services.dynamodb.endpoint-override", localDynamoDb.endpoint().toString())));
            handler.getApplicationContext().getBean(InMemoryTriggerStore.class).save(new Trigger(TRIGGER, "order-flow",
                    SignatureSettings.of(StandardWebhooksScheme.NAME),
                    List.of(TriggerSecret.current(SignedRequest.SPEC_SECRET, SignedRequest.valid().now())),
                    new EventSettings(null, List.of(), null, List.of(), null, LIMIT),
                    SignedRequest.valid().now(), SignedRequest.valid().now()));
            handlers.add(handler);
        }
    }

    @AfterAll
    void stop() {
        handlers.forEach(WebhookHandler::close);
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

    private static APIGatewayV2HTTPResponse send(WebhookHandler handler, WebhookRequest signed) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey("POST /hooks/{triggerId}").withRawPath("/hooks/" + TRIGGER)
                .withHeaders(signed.headers()).withPathParameters(Map.of("triggerId", TRIGGER))
                .withBody(new String(signed.body(), StandardCharsets.UTF_8)).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                                .withPath("/hooks/" + TRIGGER).build())
                        .build())
                .build();
        return handler.handleRequest(event, new TestLambdaContext("WebhookFunction", "req-" + UUID.randomUUID(),
                Duration.ofSeconds(20)));
    }

    @Test
    void twoInstances_admitExactlyTheBurstTogether_andAnswerTheRest429WithRetryAfter() {
        List<APIGatewayV2HTTPResponse> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            responses.add(send(handlers.get(i % 2), SignedRequest.valid().withId("msg_" + UUID.randomUUID()).toRequest()));
        }

        assertThat(responses).extracting(APIGatewayV2HTTPResponse::getStatusCode)
                .containsExactly(202, 202, 202, 429, 429, 429, 429, 429);
        // One event every 5 s: the fourth fits 5 s after the burst.
        assertThat(responses.get(3).getHeaders()).containsEntry(WebhookHandler.RETRY_AFTER_HEADER, "5");
        List<Message> queued = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (queued.size() < 3 && System.nanoTime() < deadline) {
            queued.addAll(sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages());
        }
        assertThat(sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages()).isEmpty();
        assertThat(queued).hasSize(3).allSatisfy(m ->
                assertThat(m.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, TRIGGER));
    }
}

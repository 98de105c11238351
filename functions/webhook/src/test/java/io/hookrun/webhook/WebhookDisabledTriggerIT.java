package io.hookrun.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disabled trigger through the real {@link WebhookHandler} with the real delivery claims (DynamoDB Local) and steps
 * queue (ElasticMQ): 423 and not one item or message written; enabled again (cache TTL 0 here), the same delivery is
 * claimed and queued. (Triggers stay in memory, as in every webhook IT: their store needs KMS.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookDisabledTriggerIT {

    private static final String TRIGGER = "paused";
    private static final String TABLE = "hookrun";

    private LocalSqs localSqs;
    private LocalDynamoDb localDynamoDb;
    private SqsClient sqs;
    private DynamoDbClient dynamo;
    private String queueUrl;
    private WebhookHandler handler;
    private InMemoryTriggerStore triggers;

    @BeforeAll
    void start() {
        AwsDefaults.applyToSystemProperties();
        localSqs = LocalSqs.start();
        localDynamoDb = LocalDynamoDb.start();
        sqs = SqsClient.builder().endpointOverride(localSqs.endpoint()).region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        queueUrl = sqs.createQueue(r -> r.queueName("steps-disabled")).queueUrl();
        dynamo = DynamoDbClient.builder().endpointOverride(localDynamoDb.endpoint())
                .region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        dynamo.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        handler = new WebhookHandler(LambdaHandler.lambdaBuilder().properties(Map.of(
                TwinStores.REAL_AWS, true,
                "hookrun.table-name", TABLE,
                "hookrun.steps-queue-url", queueUrl,
                "hookrun.trigger-cache-ttl", "0s",
                "aws.region", AwsDefaults.REGION,
                "aws.services.sqs.endpoint-override", localSqs.endpoint().toString(),
                "aws.services.dynamodb.endpoint-override", localDynamoDb.endpoint().toString())));
        triggers = handler.getApplicationContext().getBean(InMemoryTriggerStore.class);
        triggers.save(TRIGGER, "order-flow", StandardWebhooksScheme.NAME, List.of(SignedRequest.SPEC_SECRET),
                SignedRequest.valid().now());
    }

    @AfterAll
    void stop() {
        if (handler != null) {
            handler.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
        if (localSqs != null) {
            localSqs.close();
        }
        if (localDynamoDb != null) {
            localDynamoDb.close();
        }
    }

    @Test
    void disabled_answers423AndWritesNothing_thenEnabled_theSameDeliveryIsClaimedAndQueued() {
        WebhookRequest delivery = SignedRequest.valid().withId("msg_" + UUID.randomUUID()).toRequest();
        triggers.setEnabled(TRIGGER, false, SignedRequest.valid().now());

        APIGatewayV2HTTPResponse locked = send(delivery);

        assertThat(locked.getStatusCode()).as(locked.getBody()).isEqualTo(423);
        assertThat(locked.getHeaders()).containsEntry(WebhookHandler.RETRY_AFTER_HEADER, "3600");
        assertThat(dynamo.scan(r -> r.tableName(TABLE)).items()).as("no delivery claim").isEmpty();
        assertThat(sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages()).as("nothing queued").isEmpty();

        triggers.setEnabled(TRIGGER, true, SignedRequest.valid().now());
        APIGatewayV2HTTPResponse accepted = send(delivery);

        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(202);
        assertThat(dynamo.scan(r -> r.tableName(TABLE)).items()).hasSize(1);
        List<Message> queued = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (queued.isEmpty() && System.nanoTime() < deadline) {
            queued.addAll(sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages());
        }
        assertThat(queued).singleElement().satisfies(m -> assertThat(m.body()).contains(TRIGGER));
    }

    private APIGatewayV2HTTPResponse send(WebhookRequest signed) {
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
}

package io.hookrun.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.core.idempotency.DeliveryRecord;
import io.hookrun.core.idempotency.InMemoryIdempotencyStore;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.InMemoryStepQueue;
import io.hookrun.core.message.MessageRefusedException;
import io.hookrun.core.ratelimit.InMemoryRateLimiter;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.SignedRequest;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.signature.WebhookRequest;
import io.hookrun.core.time.SettableClock;
import io.hookrun.core.trigger.EventSettings;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.core.trigger.RateLimit;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerSecret;
import io.hookrun.lambda.LambdaHandler;
import io.hookrun.lambda.TestLambdaContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.hookrun.core.signature.SignedRequest.SPEC_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits of the webhook path through the real {@link WebhookHandler} with the twins of DynamoDB, SQS and the rate
 * limiter: each limit's status and problem type, and that a refused request reads and writes nothing it need not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookLimitsTest {

    private static final String TRIGGER = "orders";
    private static final String LIMITED = "limited";
    /** Above SQS's message, so that only the envelope check can refuse a large body. */
    private static final int MAX_BODY_BYTES = 2_000_000;

    private WebhookHandler handler;
    private InMemoryIdempotencyStore claims;
    private InMemoryTriggerStore triggers;
    private InMemoryStepQueue queue;
    private InMemoryRateLimiter rateLimiter;
    private SettableClock clock;
    private JsonText json;

    @BeforeAll
    void startHandler() {
        handler = new WebhookHandler(LambdaHandler.lambdaBuilder().properties(Map.of(
                "hookrun.table-name", "hookrun-test",
                "hookrun.steps-queue-url", "http://127.0.0.1:1/000000000000/steps",
                "hookrun.max-body-bytes", MAX_BODY_BYTES)));
        claims = handler.getApplicationContext().getBean(InMemoryIdempotencyStore.class);
        triggers = handler.getApplicationContext().getBean(InMemoryTriggerStore.class);
        queue = handler.getApplicationContext().getBean(InMemoryStepQueue.class);
        rateLimiter = handler.getApplicationContext().getBean(InMemoryRateLimiter.class);
        clock = handler.getApplicationContext().getBean(SettableClock.class);
        json = handler.getApplicationContext().getBean(JsonText.class);
        triggers.save(TRIGGER, "order-flow", StandardWebhooksScheme.NAME, List.of(SPEC_SECRET), clock.instant());
        limitedTrigger(LIMITED);
    }

    private String limitedTrigger() {
        return limitedTrigger("limited-" + UUID.randomUUID());
    }

    private String limitedTrigger(String id) {
        triggers.save(new Trigger(id, "order-flow", SignatureSettings.of(StandardWebhooksScheme.NAME),
                List.of(TriggerSecret.current(SPEC_SECRET, clock.instant())),
                new EventSettings(null, List.of(), null, List.of(), null, new RateLimit(1, 2)),
                clock.instant(), clock.instant()));
        return id;
    }

    @AfterAll
    void closeHandler() {
        handler.close();
    }

    @BeforeEach
    void healthy() {
        clock.set(SignedRequest.valid().now());
        queue.failSendsWith(null);
        rateLimiter.failWith(null);
    }

    private static SignedRequest newDelivery() {
        return SignedRequest.valid().withId("msg_" + UUID.randomUUID());
    }

    private static APIGatewayV2HTTPEvent event(String rawPath, String triggerId, WebhookRequest request) {
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("POST /hooks/{triggerId}")
                .withRawPath(rawPath).withHeaders(request.headers())
                .withPathParameters(triggerId == null ? null : Map.of("triggerId", triggerId))
                .withBody(new String(request.body(), StandardCharsets.UTF_8)).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath(rawPath).build())
                        .build())
                .build();
    }

    private APIGatewayV2HTTPResponse send(String triggerId, SignedRequest request) {
        return send("/hooks/" + triggerId, triggerId, request.toRequest());
    }

    private APIGatewayV2HTTPResponse send(String rawPath, String triggerId, WebhookRequest request) {
        return handler.handleRequest(event(rawPath, triggerId, request),
                new TestLambdaContext("WebhookFunction", "req-" + UUID.randomUUID(), Duration.ofSeconds(10)));
    }

    private static WebhookRequest withHeader(WebhookRequest request, String name, String value) {
        Map<String, String> headers = new HashMap<>(request.headers());
        headers.put(name, value);
        return new WebhookRequest(headers, request.body());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> assertProblem(APIGatewayV2HTTPResponse response, int status, String slug) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        Map<String, Object> problem = (Map<String, Object>) json.parse(response.getBody());
        assertThat(problem).containsEntry("type", "https://hookrun.dev/problems/" + slug).containsEntry("status", status);
        return problem;
    }

    private static Map<String, String> headers(APIGatewayV2HTTPResponse response) {
        return response.getHeaders().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    }

    @Test
    void aHeaderOver8KiB_is431_beforeTheTriggerIsRead() {
        int finds = triggers.finds();

        APIGatewayV2HTTPResponse response = send("/hooks/orders", TRIGGER,
                withHeader(newDelivery().toRequest(), "x-padding", "a".repeat(8193)));

        assertThat(assertProblem(response, 431, "headers-too-large").get("detail").toString()).contains("x-padding");
        assertThat(triggers.finds()).isEqualTo(finds);
    }

    @Test
    void aTriggerIdOverDynamoDbsKeyLimit_is404_withoutReadingTheStore_orEchoingIt() {
        String id = "a".repeat(3000);
        int finds = triggers.finds();

        APIGatewayV2HTTPResponse response = send(id, newDelivery());

        assertProblem(response, 404, "unknown-trigger");
        assertThat(response.getBody()).doesNotContain(id);
        assertThat(triggers.finds()).isEqualTo(finds);
    }

    @Test
    void anEncodedSlashInThePath_is404() {
        assertProblem(send("/hooks/x%2Forders", "x/orders", newDelivery().toRequest()), 404, "unknown-trigger");
        assertProblem(send("/hooks/%6Frders", TRIGGER, newDelivery().toRequest()), 404, "unknown-trigger");
    }

    @Test
    void aDeliveryIdWithASpace_is400InvalidDeliveryId_andNothingIsClaimed() {
        SignedRequest delivery = SignedRequest.valid().withId("msg with space");

        assertProblem(send(TRIGGER, delivery), 400, "invalid-delivery-id");

        assertThat(claims.record(new DeliveryKey(TRIGGER, "msg with space"))).isEmpty();
    }

    @Test
    void aDeliveryIdOf257Characters_is400InvalidDeliveryId() {
        assertProblem(send(TRIGGER, SignedRequest.valid().withId("m".repeat(257))), 400, "invalid-delivery-id");
    }

    @Test
    void pastTheRateLimit_is429WithRetryAfterInWholeSeconds_andNothingIsClaimedOrQueued() {
        String limited = limitedTrigger(); // a bucket of its own, full: one event a second, bursts of 2
        SignedRequest third = newDelivery();
        assertThat(send(limited, newDelivery()).getStatusCode()).isEqualTo(202);
        assertThat(send(limited, newDelivery()).getStatusCode()).isEqualTo(202);
        int queued = queue.events().size();

        APIGatewayV2HTTPResponse response = send(limited, third);

        assertProblem(response, 429, "rate-limited");
        assertThat(headers(response)).containsEntry("retry-after", "1");
        assertThat(queue.events()).hasSize(queued);
        assertThat(claims.record(new DeliveryKey(limited, third.toRequest().header("webhook-id").orElseThrow()))).isEmpty();
    }

    @Test
    void aTriggerWithoutARateLimit_neverCallsTheLimiter() {
        List<String> before = rateLimiter.calls();

        assertThat(send(TRIGGER, newDelivery()).getStatusCode()).isEqualTo(202);

        assertThat(rateLimiter.calls()).isEqualTo(before);
    }

    @Test
    void aForgedRequest_isRefusedBeforeTheRateLimit_soItCannotSpendTheBucket() {
        List<String> before = rateLimiter.calls();

        assertProblem(send(LIMITED, newDelivery().signedWith(SignedRequest.OTHER_SECRET)), 401, "invalid-signature");

        assertThat(rateLimiter.calls()).isEqualTo(before);
    }

    @Test
    void theRateLimitStoreDown_is503_never429() {
        rateLimiter.failWith(SdkClientException.create("connection refused"));

        APIGatewayV2HTTPResponse response = send(limitedTrigger(), newDelivery());

        assertProblem(response, 503, "unavailable");
        assertThat(headers(response)).containsKey("retry-after");
    }

    /**
     * 300000 U+FFFF (in strings under the JSON string limit) are 900 KB of UTF-8, under the default body limit, and
     * 1.8 MB once escaped for SQS.
     */
    @Test
    void aBodyUnderTheDefaultLimitThatTheEscapesMakeTooLargeForTheQueue_is413_andNothingIsClaimed() {
        String chunk = "\"" + "\uFFFF".repeat(75_000) + "\"";
        SignedRequest delivery = newDelivery().withBody("[" + String.join(",", List.of(chunk, chunk, chunk, chunk)) + "]");
        String id = delivery.toRequest().header("webhook-id").orElseThrow();
        assertThat(delivery.toRequest().body().length).isLessThan(983_040);

        APIGatewayV2HTTPResponse response = send(TRIGGER, delivery);

        assertThat(assertProblem(response, 413, "payload-too-large").get("detail").toString()).contains("envelope");
        assertThat(claims.record(new DeliveryKey(TRIGGER, id))).isEmpty();
    }

    @Test
    void theQueueRefusingTheEventsContents_isA4xx_andTheClaimIsGivenUpNotDeleted() {
        queue.failSendsWith(new MessageRefusedException(MessageRefusedException.Reason.INVALID_CONTENTS, "refused", null));
        SignedRequest delivery = newDelivery();
        String id = delivery.toRequest().header("webhook-id").orElseThrow();

        assertProblem(send(TRIGGER, delivery), 400, "unqueueable-content");

        DeliveryRecord claim = claims.record(new DeliveryKey(TRIGGER, id)).orElseThrow();
        assertThat(claim.status()).isEqualTo(DeliveryRecord.Status.IN_PROGRESS);
        assertThat(claim.leaseExpiresAt()).isBeforeOrEqualTo(clock.instant());
    }

    @Test
    void theQueueRefusingTheEventsSize_is413() {
        queue.failSendsWith(new MessageRefusedException(MessageRefusedException.Reason.TOO_LARGE, "refused", null));

        assertProblem(send(TRIGGER, newDelivery()), 413, "payload-too-large");
    }
}

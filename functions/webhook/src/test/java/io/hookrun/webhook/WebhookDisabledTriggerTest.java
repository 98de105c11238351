package io.hookrun.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.core.idempotency.InMemoryIdempotencyStore;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.InMemoryStepQueue;
import io.hookrun.core.signature.SignedRequest;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.signature.WebhookRequest;
import io.hookrun.core.time.SettableClock;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.lambda.LambdaHandler;
import io.hookrun.lambda.TestLambdaContext;
import io.hookrun.lambda.telemetry.MetricNames;
import io.hookrun.lambda.telemetry.RecordingMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.hookrun.core.signature.SignedRequest.OTHER_SECRET;
import static io.hookrun.core.signature.SignedRequest.SPEC_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disabled trigger through the real {@link WebhookHandler} (stores replaced by their twins): {@code 423 Locked},
 * {@code Retry-After: 3600}, before any signature work, nothing claimed or queued, counted as a refusal with its own
 * reason; and the trigger cache decides when a change is seen (ADR 0009).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookDisabledTriggerTest {

    private static final Duration CACHE_TTL = Duration.ofSeconds(10);

    private WebhookHandler handler;
    private InMemoryIdempotencyStore claims;
    private InMemoryTriggerStore triggers;
    private InMemoryStepQueue queue;
    private SettableClock clock;
    private JsonText json;
    private final RecordingMetrics metrics = new RecordingMetrics();
    private String trigger;

    @BeforeAll
    void startHandler() {
        handler = new WebhookHandler(LambdaHandler.lambdaBuilder().properties(Map.of(
                "hookrun.table-name", "hookrun-test",
                "hookrun.steps-queue-url", "http://127.0.0.1:1/000000000000/steps",
                "hookrun.trigger-cache-ttl", CACHE_TTL.toSeconds() + "s")).singletons(metrics));
        claims = handler.getApplicationContext().getBean(InMemoryIdempotencyStore.class);
        triggers = handler.getApplicationContext().getBean(InMemoryTriggerStore.class);
        queue = handler.getApplicationContext().getBean(InMemoryStepQueue.class);
        clock = handler.getApplicationContext().getBean(SettableClock.class);
        json = handler.getApplicationContext().getBean(JsonText.class);
    }

    @AfterAll
    void closeHandler() {
        handler.close();
    }

    /** A trigger of its own per test: the cache of the one handler outlives a test. */
    @BeforeEach
    void disabledTrigger() {
        clock.set(SignedRequest.valid().now());
        metrics.clear();
        trigger = "paused-" + UUID.randomUUID();
        triggers.save(trigger, "order-flow", StandardWebhooksScheme.NAME, List.of(SPEC_SECRET), clock.instant());
        triggers.setEnabled(trigger, false, clock.instant());
    }

    @Test
    void aGenuineDelivery_isAnswered423Locked_withRetryAfterAnHour_asAProblem() {
        SignedRequest delivery = SignedRequest.valid().withId("msg_" + UUID.randomUUID());

        APIGatewayV2HTTPResponse response = send(delivery.toRequest());

        assertThat(response.getStatusCode()).isEqualTo(423);
        assertThat(headers(response)).containsEntry("content-type", "application/problem+json")
                .containsEntry("retry-after", "3600");
        @SuppressWarnings("unchecked")
        Map<String, Object> problem = (Map<String, Object>) json.parse(response.getBody());
        assertThat(problem).containsEntry("type", "https://hookrun.dev/problems/trigger-disabled")
                .containsEntry("title", "Trigger disabled").containsEntry("status", 423)
                .containsKeys("detail", "requestId");
        assertThat(response.getBody()).doesNotContain(SPEC_SECRET);
        assertNothingRecordedFor(delivery);
    }

    @Test
    void aForgedDelivery_isAlso423_becauseNoSignatureIsCheckedWhileDisabled() {
        SignedRequest forged = SignedRequest.valid().withId("msg_" + UUID.randomUUID()).signedWith(OTHER_SECRET);

        assertThat(send(forged.toRequest()).getStatusCode()).isEqualTo(423);
        assertThat(send(SignedRequest.valid().withoutHeader("webhook-signature").toRequest()).getStatusCode())
                .isEqualTo(423);
        assertNothingRecordedFor(forged);
    }

    @Test
    void aRefusal_isCountedInEventsRefused_withReasonTriggerDisabled() {
        send(SignedRequest.valid().withId("msg_" + UUID.randomUUID()).toRequest());

        assertThat(metrics.sum(MetricNames.EVENTS_RECEIVED)).isEqualTo(1);
        assertThat(metrics.named(MetricNames.EVENTS_REFUSED)).singleElement()
                .satisfies(p -> assertThat(p.dimensions()).isEqualTo(Map.of(MetricNames.REASON, "trigger-disabled")));
        assertThat(metrics.named(MetricNames.EVENTS_ACCEPTED)).isEmpty();
    }

    @Test
    void enablingTheTrigger_isSeenOnceTheCachedCopyExpires_thenDeliveriesAreAccepted() {
        SignedRequest delivery = SignedRequest.valid().withId("msg_" + UUID.randomUUID());
        assertThat(send(delivery.toRequest()).getStatusCode()).isEqualTo(423);

        triggers.setEnabled(trigger, true, clock.instant());
        assertThat(send(delivery.toRequest()).getStatusCode()).as("still cached as disabled").isEqualTo(423);

        clock.set(clock.instant().plus(CACHE_TTL).plusSeconds(1));
        APIGatewayV2HTTPResponse accepted = send(delivery.toRequest());

        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(202);
        assertThat(queue.events()).anySatisfy(e -> assertThat(e.hookruntriggerid()).isEqualTo(trigger));
    }

    private void assertNothingRecordedFor(SignedRequest delivery) {
        String id = delivery.toRequest().header("webhook-id").orElseThrow();
        assertThat(claims.record(new DeliveryKey(trigger, id))).isEmpty();
        assertThat(queue.events()).noneSatisfy(e -> assertThat(e.hookruntriggerid()).isEqualTo(trigger));
    }

    private APIGatewayV2HTTPResponse send(WebhookRequest request) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey("POST /hooks/{triggerId}").withRawPath("/hooks/" + trigger)
                .withHeaders(request.headers()).withPathParameters(Map.of("triggerId", trigger))
                .withBody(new String(request.body(), StandardCharsets.UTF_8)).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                                .withPath("/hooks/" + trigger).build())
                        .build())
                .build();
        return handler.handleRequest(event, new TestLambdaContext("WebhookFunction", "req-" + UUID.randomUUID(),
                Duration.ofSeconds(10)));
    }

    private static Map<String, String> headers(APIGatewayV2HTTPResponse response) {
        return response.getHeaders().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    }
}

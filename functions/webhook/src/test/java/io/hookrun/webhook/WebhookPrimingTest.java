package io.hookrun.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.core.idempotency.InMemoryIdempotencyStore;
import io.hookrun.core.message.InMemoryStepQueue;
import io.hookrun.core.signature.SignedRequest;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.signature.WebhookRequest;
import io.hookrun.core.time.SettableClock;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.lambda.LambdaHandler;
import io.hookrun.lambda.TestLambdaContext;
import io.hookrun.lambda.snapstart.SnapStartPriming;
import io.hookrun.lambda.snapstart.SnapStartPriming.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.hookrun.core.signature.SignedRequest.SPEC_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebhookFunction's SnapStart hooks run on the real handler's context (DynamoDB and SQS replaced by their twins,
 * {@link TwinStores}): the priming runs every step, writes nothing, and the function still accepts a webhook after
 * the simulated restore.
 */
class WebhookPrimingTest {

    private WebhookHandler handler;
    private InMemoryTriggerStore triggers;
    private InMemoryIdempotencyStore claims;
    private InMemoryStepQueue queue;

    @BeforeEach
    void startHandler() {
        handler = new WebhookHandler(LambdaHandler.lambdaBuilder().properties(Map.of(
                "hookrun.table-name", "hookrun-test",
                "hookrun.steps-queue-url", "http://127.0.0.1:1/000000000000/steps")));
        triggers = handler.getApplicationContext().getBean(InMemoryTriggerStore.class);
        claims = handler.getApplicationContext().getBean(InMemoryIdempotencyStore.class);
        queue = handler.getApplicationContext().getBean(InMemoryStepQueue.class);
        SettableClock clock = handler.getApplicationContext().getBean(SettableClock.class);
        triggers.save("orders", "order-flow", StandardWebhooksScheme.NAME, List.of(SPEC_SECRET), clock.instant());
    }

    @AfterEach
    void closeHandler() {
        handler.close();
    }

    @Test
    void priming_runsEveryStep_looksUpTheUnknownTriggerOnce_andWritesNothing() {
        int findsBefore = triggers.finds();
        // Every write refused: a step that tried one would fail.
        for (InMemoryIdempotencyStore.Operation operation : InMemoryIdempotencyStore.Operation.values()) {
            claims.fail(operation, new IllegalStateException("priming must not claim"));
        }
        queue.failSendsWith(new IllegalStateException("priming must not send"));

        List<SnapStartPriming> hooks = SnapStartPriming.simulateSnapshot(handler.getApplicationContext());

        assertThat(hooks).hasSize(1);
        assertThat(hooks.getFirst().lastPriming()).extracting(Outcome::step)
                .containsExactly("signature schemes", "event envelope", "unknown trigger request");
        assertThat(hooks.getFirst().lastPriming()).allSatisfy(outcome -> assertThat(outcome.failure()).isNull());
        assertThat(hooks.getFirst().restores()).isEqualTo(1);
        assertThat(triggers.finds() - findsBefore).as("the trigger lookup ran for real").isEqualTo(1);
        assertThat(queue.events()).isEmpty();
    }

    @Test
    void aWebhookAfterTheSimulatedRestore_isAcceptedAndQueued() {
        SnapStartPriming.simulateSnapshot(handler.getApplicationContext());

        SignedRequest delivery = SignedRequest.valid().withId("msg_" + UUID.randomUUID());
        APIGatewayV2HTTPResponse response = send(delivery.toRequest());

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(queue.events()).hasSize(1);
    }

    @Test
    void aTriggerStoreDownAtSnapshotTime_failsThatStepOnly_andTheHookDoesNotThrow() {
        triggers.failFindsWith(new IllegalStateException("DynamoDB unreachable at deploy time"));

        List<SnapStartPriming> hooks = SnapStartPriming.simulateSnapshot(handler.getApplicationContext());

        assertThat(hooks.getFirst().lastPriming()).filteredOn(outcome -> !outcome.primed())
                .extracting(Outcome::step).containsExactly("unknown trigger request");
        triggers.failFindsWith(null);
        assertThat(send(SignedRequest.valid().withId("msg_" + UUID.randomUUID()).toRequest()).getStatusCode())
                .isEqualTo(202);
    }

    private APIGatewayV2HTTPResponse send(WebhookRequest request) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRawPath("/hooks/orders")
                .withHeaders(request.headers())
                .withPathParameters(Map.of("triggerId", "orders"))
                .withBody(new String(request.body(), StandardCharsets.UTF_8))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                                .withPath("/hooks/orders").build())
                        .build())
                .build();
        return handler.handleRequest(event, new TestLambdaContext("WebhookFunction", "req-1", Duration.ofSeconds(10)));
    }
}

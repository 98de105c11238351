package io.hookrun.webhook;

import io.hookrun.core.time.SettableClock;
import io.hookrun.lambda.TestLambdaContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.core.idempotency.DeliveryRecord;
import io.hookrun.core.idempotency.InMemoryIdempotencyStore;
import io.hookrun.core.idempotency.InMemoryIdempotencyStore.Operation;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.InMemoryStepQueue;
import io.hookrun.core.signature.SignedRequest;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.signature.WebhookRequest;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.trigger.EventSettings;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerSecret;
import io.hookrun.lambda.LambdaHandler;
import io.hookrun.lambda.telemetry.MetricNames;
import io.hookrun.lambda.telemetry.Metrics;
import io.hookrun.lambda.telemetry.RecordingMetrics;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.hookrun.core.signature.SignedRequest.OTHER_SECRET;
import static io.hookrun.core.signature.SignedRequest.SPEC_KEY;
import static io.hookrun.core.signature.SignedRequest.SPEC_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@link WebhookHandler}, built with its {@code ApplicationContextBuilder} constructor as {@code ./hookrun
 * local} builds it, with DynamoDB and SQS replaced by their twins ({@link TwinStores}): the HTTP side of every row of
 * the README's status table (status, content type, {@code Retry-After}, {@code Idempotent-Replayed}, problem type),
 * and a bug answered 500 with the request id instead of "503, retry".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookHandlerTest {

    private static final String TRIGGER = "orders";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Duration REMAINING = Duration.ofSeconds(10);

    private WebhookHandler handler;
    private InMemoryIdempotencyStore claims;
    private InMemoryTriggerStore triggers;
    private InMemoryStepQueue queue;
    private SettableClock clock;
    private JsonText json;
    private JsonMapper jsonMapper;
    private final RecordingMetrics metrics = new RecordingMetrics();

    @BeforeAll
    void startHandler() {
        // The table and queue are never reached (the twins replace their stores), but the Lambda builder creates
        // every singleton at start-up, the DynamoDB workflow store included, and that one needs a table name.
        handler = new WebhookHandler(LambdaHandler.lambdaBuilder().properties(Map.of(
                "hookrun.table-name", "hookrun-test",
                "hookrun.steps-queue-url", "http://127.0.0.1:1/000000000000/steps",
                "hookrun.max-body-bytes", 1024,
                "hookrun.trigger-cache-max-entries", 5)).singletons(metrics));
        claims = handler.getApplicationContext().getBean(InMemoryIdempotencyStore.class);
        triggers = handler.getApplicationContext().getBean(InMemoryTriggerStore.class);
        queue = handler.getApplicationContext().getBean(InMemoryStepQueue.class);
        clock = handler.getApplicationContext().getBean(SettableClock.class);
        json = handler.getApplicationContext().getBean(JsonText.class);
        jsonMapper = handler.getApplicationContext().getBean(JsonMapper.class);
        triggers.save(TRIGGER, "order-flow", StandardWebhooksScheme.NAME, List.of(SPEC_SECRET), clock.instant());
    }

    @AfterAll
    void closeHandler() {
        handler.close();
    }

    @BeforeEach
    void healthyDependenciesAtTheFixturesTime() {
        clock.set(SignedRequest.valid().now());
        queue.failSendsWith(null);
        triggers.failFindsWith(null);
        for (Operation operation : Operation.values()) {
            claims.fail(operation, null);
        }
    }

    private static SignedRequest newDelivery() {
        return SignedRequest.valid().withId("msg_" + UUID.randomUUID());
    }

    private static APIGatewayV2HTTPEvent event(String triggerId, WebhookRequest request) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /hooks/{triggerId}")
                .withRawPath("/hooks/" + triggerId)
                .withHeaders(request.headers())
                .withPathParameters(Map.of("triggerId", triggerId))
                .withBody(new String(request.body(), StandardCharsets.UTF_8))
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                                .withPath("/hooks/" + triggerId).build())
                        .build())
                .build();
    }

    private APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event, String requestId) {
        return handler.handleRequest(event, new TestLambdaContext("WebhookFunction", requestId, REMAINING));
    }

    private APIGatewayV2HTTPResponse send(SignedRequest request) {
        return send(event(TRIGGER, request.toRequest()), "req-" + UUID.randomUUID());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(APIGatewayV2HTTPResponse response) {
        return (Map<String, Object>) json.parse(response.getBody());
    }

    /** Header names as a client compares them: case-insensitively. */
    private static Map<String, String> headers(APIGatewayV2HTTPResponse response) {
        return response.getHeaders().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(java.util.Locale.ROOT), Map.Entry::getValue));
    }

    private void assertProblem(APIGatewayV2HTTPResponse response, int status, String slug) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        assertThat(headers(response)).containsEntry("content-type", PROBLEM_JSON);
        Map<String, Object> problem = body(response);
        assertThat(problem).containsEntry("type", "https://hookrun.dev/problems/" + slug)
                .containsEntry("status", status)
                .containsKeys("title", "detail", "requestId");
        assertThat(response.getBody()).doesNotContain(SPEC_KEY).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private DeliveryRecord claimOf(SignedRequest request) {
        String id = request.toRequest().header("webhook-id").orElseThrow();
        return claims.record(new DeliveryKey(TRIGGER, id)).orElseThrow();
    }

    private List<String> runIdsQueuedFor(SignedRequest request) {
        String id = request.toRequest().header("webhook-id").orElseThrow();
        return queue.events().stream().filter(e -> e.id().equals(id)).map(CloudEvent::hookrunrunid).toList();
    }

    @Test
    void signedDelivery_answers202WithEventIdRunIdAndQueued() {
        SignedRequest delivery = newDelivery();

        APIGatewayV2HTTPResponse response = send(delivery);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(headers(response)).containsEntry("content-type", "application/json")
                .doesNotContainKey("idempotent-replayed");
        Map<String, Object> body = body(response);
        assertThat(body).containsOnlyKeys("eventId", "runId", "status").containsEntry("status", "QUEUED")
                .containsEntry("eventId", delivery.toRequest().header("webhook-id").orElseThrow());
        assertThat(runIdsQueuedFor(delivery)).containsExactly((String) body.get("runId"));
    }

    @Test
    void base64EncodedBody_isVerifiedOverTheDecodedBytes_andAccepted() {
        SignedRequest delivery = newDelivery();
        WebhookRequest request = delivery.toRequest();
        APIGatewayV2HTTPEvent event = event(TRIGGER, request);
        event.setBody(Base64.getEncoder().encodeToString(request.body()));
        event.setIsBase64Encoded(true);

        assertThat(send(event, "req-base64").getStatusCode()).isEqualTo(202);
    }

    @Test
    void metrics_countEveryRequestOnce_andExactlyOneOutcome_refusalsByTheirProblemSlug() {
        metrics.clear();
        SignedRequest delivery = newDelivery();

        send(delivery);
        send(delivery);
        send(newDelivery().withoutHeader("webhook-signature"));

        assertThat(metrics.sum(MetricNames.EVENTS_RECEIVED)).isEqualTo(3);
        assertThat(metrics.sum(MetricNames.EVENTS_ACCEPTED)).isEqualTo(1);
        assertThat(metrics.sum(MetricNames.EVENTS_REPLAYED)).isEqualTo(1);
        assertThat(metrics.named(MetricNames.EVENTS_REFUSED)).singleElement()
                .satisfies(p -> assertThat(p.dimensions()).isEqualTo(Map.of(MetricNames.REASON, "invalid-signature")));
        assertThat(metrics.named(MetricNames.INGEST_LATENCY)).singleElement()
                .satisfies(p -> assertThat(p.unit()).isEqualTo(Metrics.Unit.MILLISECONDS));
        assertThat(metrics.named(MetricNames.EVENTS_FILTERED)).isEmpty();
    }

    @Test
    void sameDeliveryAgain_answersTheSameBodyWithIdempotentReplayed() {
        SignedRequest delivery = newDelivery();
        APIGatewayV2HTTPResponse first = send(delivery);

        APIGatewayV2HTTPResponse again = send(delivery);

        assertThat(again.getStatusCode()).isEqualTo(202);
        assertThat(headers(again)).containsEntry("idempotent-replayed", "true")
                .containsEntry("content-type", "application/json");
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(runIdsQueuedFor(delivery)).hasSize(1);
    }

    @Test
    void bodyDeclaredJsonButNot_answers400MalformedJson() {
        assertProblem(send(newDelivery().withBody("{\"orderId\": ")), 400, "malformed-json");
    }

    @Test
    void missingSignatureHeader_answers401SayingWhichHeader() {
        APIGatewayV2HTTPResponse response = send(newDelivery().withoutHeader("webhook-signature"));

        assertProblem(response, 401, "invalid-signature");
        assertThat(body(response)).containsEntry("detail", "missing webhook-signature header");
    }

    @Test
    void signatureFromAnotherSecret_answers401_andRecordsNothing() {
        SignedRequest forged = newDelivery().signedWith(OTHER_SECRET);

        APIGatewayV2HTTPResponse response = send(forged);

        assertProblem(response, 401, "invalid-signature");
        assertThat(body(response)).containsEntry("detail", "no signature in webhook-signature matches an active secret");
        assertThat(response.getBody()).doesNotContain(OTHER_SECRET.substring("whsec_".length()));
        String id = forged.toRequest().header("webhook-id").orElseThrow();
        assertThat(claims.record(new DeliveryKey(TRIGGER, id))).isEmpty();
        assertThat(runIdsQueuedFor(forged)).isEmpty();
    }

    @Test
    void timestampMoreThan300SecondsOld_answers401SayingSo() {
        APIGatewayV2HTTPResponse response = send(newDelivery().withOldTimestamp());

        assertProblem(response, 401, "invalid-signature");
        assertThat(body(response)).containsEntry("detail", "webhook-timestamp is more than 300 seconds in the past");
    }

    @Test
    void unknownTrigger_fromTheSampleEventFile_answers404() throws Exception {
        // The file `./hookrun invoke` and `sam local invoke` use, fed to the handler as the Lambda runtime would.
        byte[] file = Files.readAllBytes(Path.of("../../events/webhook/standard-webhooks-unknown-trigger.json"));
        APIGatewayV2HTTPEvent event = jsonMapper.readValue(file, Argument.of(APIGatewayV2HTTPEvent.class));

        APIGatewayV2HTTPResponse response = send(event, "req-404");

        assertProblem(response, 404, "unknown-trigger");
        assertThat(body(response)).containsEntry("detail", "no trigger has the id 'no-such-trigger'");
    }

    @Test
    void copyWhileAnotherIsBeingAccepted_answers409WithRetryAfterTheHoldersLease() {
        SignedRequest delivery = newDelivery();
        queue.failSendsWith(SdkClientException.create("Unable to execute HTTP request: Connection reset"));
        claims.fail(Operation.ABANDON, SdkClientException.create("Unable to execute HTTP request: Read timed out"));
        send(delivery); // holds the claim for its whole lease: it could neither queue nor give up
        queue.failSendsWith(null);
        claims.fail(Operation.ABANDON, null);
        clock.advance(Duration.ofMillis(3_500));

        APIGatewayV2HTTPResponse response = send(delivery);

        assertProblem(response, 409, "delivery-in-progress");
        // The lease is the invocation's remaining time (10 s); 6.5 s are left, rounded up.
        assertThat(headers(response)).containsEntry("retry-after", "7");
    }

    @Test
    void bodyOverTheLimit_answers413() {
        APIGatewayV2HTTPResponse response = send(newDelivery().withBody("\"" + "x".repeat(1_100) + "\""));

        assertProblem(response, 413, "payload-too-large");
        assertThat(body(response)).containsEntry("detail", "the body has 1102 bytes; this deployment accepts at most 1024");
    }

    @Test
    void sameDeliveryIdWithAnotherBody_answers422() {
        SignedRequest delivery = newDelivery();
        send(delivery);

        assertProblem(send(delivery.withBody("{\"test\": 1}")), 422, "delivery-id-reused");
    }

    @Test
    void queueFailingWithAnSdkException_answers503_keepsTheClaimsRunId_andTheRetryIsAcceptedUnderIt() {
        SignedRequest delivery = newDelivery();
        queue.failSendsWith(SdkClientException.builder().message("Unable to execute HTTP request: Connection reset")
                .cause(new SocketException("Connection reset")).build());

        APIGatewayV2HTTPResponse failed = send(delivery);

        assertProblem(failed, 503, "enqueue-failed");
        assertThat(headers(failed)).containsEntry("retry-after", "5");
        DeliveryRecord kept = claimOf(delivery);
        assertThat(kept.status()).isEqualTo(DeliveryRecord.Status.IN_PROGRESS);
        assertThat(kept.leaseExpiresAt()).isEqualTo(clock.instant());

        queue.failSendsWith(null);
        clock.advance(Duration.ofSeconds(5));
        APIGatewayV2HTTPResponse retry = send(delivery);

        assertThat(retry.getStatusCode()).as(retry.getBody()).isEqualTo(202);
        assertThat(body(retry)).containsEntry("runId", kept.runId());
        assertThat(runIdsQueuedFor(delivery)).containsExactly(kept.runId());
    }

    @Test
    void claimStoreUnreachable_answers503Unavailable() {
        claims.fail(Operation.CLAIM, SdkClientException.create("Unable to execute HTTP request: Read timed out"));

        APIGatewayV2HTTPResponse response = send(newDelivery());

        assertProblem(response, 503, "unavailable");
        assertThat(headers(response)).containsEntry("retry-after", "5");
    }

    @Test
    void bugInTheClaimStore_answers500WithTheRequestId_not503() {
        claims.fail(Operation.CLAIM, new IllegalStateException("a bug, not an outage"));

        APIGatewayV2HTTPResponse response = send(event(TRIGGER, newDelivery().toRequest()), "req-bug-42");

        assertProblem(response, 500, "internal-error");
        assertThat(headers(response)).doesNotContainKey("retry-after");
        assertThat((String) body(response).get("detail")).contains("req-bug-42");
        assertThat(response.getBody()).doesNotContain("a bug, not an outage");
    }

    @Test
    void bugWhileQueueing_answers500_andTheClaimGivesUpItsLeaseSoTheSenderIsNotBlocked() {
        SignedRequest delivery = newDelivery();
        queue.failSendsWith(new IllegalStateException("a bug while queueing"));

        APIGatewayV2HTTPResponse failed = send(delivery);

        assertProblem(failed, 500, "internal-error");
        DeliveryRecord kept = claimOf(delivery);
        assertThat(kept.leaseExpiresAt()).isEqualTo(clock.instant());
        queue.failSendsWith(null);
        clock.advance(Duration.ofSeconds(1));
        APIGatewayV2HTTPResponse retry = send(delivery);
        assertThat(retry.getStatusCode()).isEqualTo(202);
        assertThat(body(retry)).containsEntry("runId", kept.runId());
    }

    @Test
    void failureLogs_nameTheDeliveryButNeverTheBodyOrTheSecret() {
        String marker = "card-4111-1111-1111-1111";
        SignedRequest outage = newDelivery().withBody("{\"card\":\"" + marker + "\"}");
        SignedRequest bug = newDelivery().withBody("{\"card\":\"" + marker + "\"}");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            queue.failSendsWith(SdkClientException.create("Unable to execute HTTP request: Connection reset"));
            assertThat(send(outage).getStatusCode()).isEqualTo(503);
            queue.failSendsWith(new IllegalStateException("a bug while queueing"));
            assertThat(send(bug).getStatusCode()).isEqualTo(500);
        } finally {
            System.setOut(original);
        }

        // The functions' logger (io.hookrun.lambda.logging) writes JSON lines to System.out, the delivery id in the MDC.
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("\"deliveryId\":\"" + outage.toRequest().header("webhook-id").orElseThrow() + "\"")
                .contains("a bug while queueing")
                .doesNotContain(marker)
                .doesNotContain(SPEC_KEY);
    }

    private void saveTrigger(String id, EventSettings events) {
        triggers.save(new Trigger(id, "order-flow", SignatureSettings.of(StandardWebhooksScheme.NAME),
                List.of(TriggerSecret.current(SPEC_SECRET, clock.instant())), events, clock.instant(),
                clock.instant()));
    }

    private APIGatewayV2HTTPResponse sendTo(String triggerId, SignedRequest request, Map<String, String> headers) {
        WebhookRequest signed = request.toRequest();
        Map<String, String> all = new java.util.LinkedHashMap<>(signed.headers());
        all.putAll(headers);
        return send(event(triggerId, new WebhookRequest(all, signed.body())), "req-" + UUID.randomUUID());
    }

    @Test
    void everyProblem_carriesTheRequestIdToQuote() {
        APIGatewayV2HTTPResponse response = send(event("no-such-trigger", newDelivery().toRequest()), "req-quote-7");

        assertProblem(response, 404, "unknown-trigger");
        assertThat(body(response)).containsEntry("requestId", "req-quote-7");
    }

    @ParameterizedTest
    @ValueSource(strings = {";", ";;;", " ; "})
    void contentTypeOfOnlySemicolons_answers415_notABug(String contentType) {
        // Found by WebhookFuzzTest: String.split drops every empty part, leaving no media type to read.
        APIGatewayV2HTTPResponse response = sendTo(TRIGGER, newDelivery().withBody("{\"a\":1}"),
                Map.of("content-type", contentType));

        assertProblem(response, 415, "unsupported-media-type");
    }

    @Test
    void unsupportedContentType_answers415NamingWhatIsAccepted() {
        APIGatewayV2HTTPResponse response = sendTo(TRIGGER, newDelivery().withBody("<order/>"),
                Map.of("content-type", "application/xml"));

        assertProblem(response, 415, "unsupported-media-type");
        assertThat((String) body(response).get("detail")).contains("application/json", "text/plain");
    }

    @Test
    void jsonNestedTooDeep_answers400JsonTooDeep() {
        assertProblem(send(newDelivery().withBody("[".repeat(65) + "]".repeat(65))), 400, "json-too-deep");
    }

    @Test
    void dataBreakingTheTriggersSchema_answers422ListingEveryViolationWithItsPointer() {
        saveTrigger("with-schema", new EventSettings(null, List.of(), """
                {"type": "object", "required": ["orderId"],
                 "properties": {"amount": {"type": "integer"}, "currency": {"enum": ["EUR", "USD"]}}}""",
                List.of(), null, null));

        APIGatewayV2HTTPResponse response = sendTo("with-schema",
                newDelivery().withBody("{\"amount\": 1.5, \"currency\": \"XBT\"}"), Map.of());

        assertProblem(response, 422, "schema-violation");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) body(response).get("errors");
        assertThat(errors).extracting(e -> e.get("pointer")).containsExactlyInAnyOrder("", "/amount", "/currency");
        assertThat(errors).allSatisfy(e -> assertThat((String) e.get("message")).isNotBlank());
        assertThat(queue.events()).noneMatch(e -> e.hookruntriggerid().equals("with-schema"));
    }

    @Test
    void eventTypeTheTriggerDoesNotTake_answers202Filtered_withoutARunId_andItsReplaySaysFilteredAgain() {
        saveTrigger("only-orders", new EventSettings(null, List.of("order.created"), null, List.of(), null, null));
        SignedRequest delivery = newDelivery();

        APIGatewayV2HTTPResponse first = sendTo("only-orders", delivery, Map.of());

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(first.getBody()).isEqualTo("{\"eventId\":\"" + delivery.toRequest().header("webhook-id").orElseThrow()
                + "\",\"runId\":null,\"status\":\"FILTERED\"}");
        APIGatewayV2HTTPResponse again = sendTo("only-orders", delivery, Map.of());
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(headers(again)).containsEntry("idempotent-replayed", "true");
        assertThat(queue.events()).noneMatch(e -> e.hookruntriggerid().equals("only-orders"));
    }

    @Test
    void triggersOwnBodyLimit_answers413NamingTheTrigger() {
        saveTrigger("small", new EventSettings(null, List.of(), null, List.of(), 10, null));

        APIGatewayV2HTTPResponse response = sendTo("small", newDelivery().withBody("{\"a\": \"0123456789\"}"),
                Map.of());

        assertProblem(response, 413, "payload-too-large");
        assertThat(body(response)).containsEntry("detail", "the body has 19 bytes; this trigger accepts at most 10");
    }

    @Test
    void triggerCacheBound_isReadFromConfiguration() {
        assertThat(handler.getApplicationContext().getBean(WebhookConfiguration.class).triggerCacheMaxEntries())
                .isEqualTo(5);
    }
}

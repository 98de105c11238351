package io.hookrun.webhook;

import io.hookrun.core.time.SettableClock;
import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.idempotency.DeliveryClaims;
import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.core.idempotency.DeliveryRecord;
import io.hookrun.core.idempotency.InMemoryIdempotencyStore;
import io.hookrun.core.idempotency.InMemoryIdempotencyStore.Operation;
import io.hookrun.core.idempotency.RunIdGenerator;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.InMemoryStepQueue;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.signature.SignedRequest;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.signature.WebhookRequest;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.webhook.IngestionOutcome.Accepted;
import io.hookrun.webhook.IngestionOutcome.Dependency;
import io.hookrun.webhook.IngestionOutcome.Unavailable;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.hookrun.core.signature.SignedRequest.OTHER_SECRET;
import static io.hookrun.core.signature.SignedRequest.SPEC_ID;
import static io.hookrun.core.signature.SignedRequest.SPEC_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every row of the README's webhook status table, as a domain outcome, through the real {@link WebhookIngestion} with
 * the in-memory twins of DynamoDB and SQS and a clock that only the test moves.
 */
class WebhookIngestionTest {

    private static final String TRIGGER = "orders";
    private static final String WORKFLOW = "order-flow";
    private static final int MAX_BODY_BYTES = 1024;
    private static final Duration REMAINING = Duration.ofSeconds(20);
    private static final Duration RETENTION = Duration.ofHours(72);

    private final SettableClock clock = new SettableClock(SignedRequest.valid().now());
    private final InMemoryTriggerStore triggerStore = new InMemoryTriggerStore();
    private final InMemoryIdempotencyStore claimStore = new InMemoryIdempotencyStore();
    private final InMemoryStepQueue queue = new InMemoryStepQueue();
    private final HookrunConfiguration config = new HookrunConfiguration("hookrun-test", "http://queue.test/steps",
            MAX_BODY_BYTES, RETENTION, Duration.ofSeconds(30), Duration.ofSeconds(10));
    private final ObjectMapper mapper = ObjectMapper.getDefault();
    private final JsonText json = new JsonText(mapper);
    private final JsonBodyReader jsonReader = new JsonBodyReader(JsonLimits.DEFAULTS);
    private final EventBodyReader bodyReader = new EventBodyReader(jsonReader);
    private final WebhookIngestion ingestion = new WebhookIngestion(
            new TriggerCache(triggerStore, clock, config, new WebhookConfiguration(100)),
            new SignatureVerifier(List.of(new StandardWebhooksScheme())),
            new DeliveryClaims(claimStore, new RunIdGenerator(clock), config),
            queue, new CloudEventReader(jsonReader, bodyReader), bodyReader,
            new EventSchemas(new EventSchemaCompiler()), json, clock, config);

    WebhookIngestionTest() {
        triggerStore.save(TRIGGER, WORKFLOW, StandardWebhooksScheme.NAME, List.of(SPEC_SECRET), clock.instant());
    }

    private IngestionOutcome accept(SignedRequest signed) {
        return accept(TRIGGER, signed.toRequest());
    }

    private IngestionOutcome accept(String triggerId, WebhookRequest request) {
        return ingestion.accept(triggerId, request.headers(), request.body(), REMAINING);
    }

    private Accepted accepted(SignedRequest signed) {
        IngestionOutcome outcome = accept(signed);
        assertThat(outcome).isInstanceOf(Accepted.class);
        return (Accepted) outcome;
    }

    /** Signed at the clock's time, as a sender signs each attempt it makes (the fixture signs at its own now). */
    private SignedRequest signedNow(SignedRequest request) {
        return request.withTimestampSecondsFromNow(clock.instant().getEpochSecond() - request.now().getEpochSecond());
    }

    private static SignedRequest delivery(String id) {
        return SignedRequest.valid().withId(id);
    }

    private static String uniqueId() {
        return "msg_" + UUID.randomUUID();
    }

    private DeliveryRecord claimOf(String deliveryId) {
        return claimStore.record(new DeliveryKey(TRIGGER, deliveryId)).orElseThrow();
    }

    private boolean claimed(String deliveryId) {
        return claimStore.record(new DeliveryKey(TRIGGER, deliveryId)).isPresent();
    }

    private List<String> queuedRunIds() {
        return queue.events().stream().map(CloudEvent::hookrunrunid).toList();
    }

    private static String sha256(String body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    // 202: the event is on SQS

    @Test
    void signedDelivery_isAcceptedUnderANewRunId_andItsCloudEventIsQueued() {
        Accepted accepted = accepted(SignedRequest.valid());

        assertThat(accepted.eventId()).isEqualTo(SPEC_ID);
        assertThat(UUID.fromString(accepted.runId()).version()).isEqualTo(7);
        assertThat(queue.events()).singleElement().satisfies(event -> {
            assertThat(event.id()).isEqualTo(SPEC_ID);
            assertThat(event.hookrunrunid()).isEqualTo(accepted.runId());
            assertThat(event.hookruntriggerid()).isEqualTo(TRIGGER);
            assertThat(event.hookrunworkflowid()).isEqualTo(WORKFLOW);
            assertThat(event.source()).isEqualTo("/hooks/orders");
            assertThat(event.type()).isEqualTo(CloudEvent.WEBHOOK_RECEIVED);
            assertThat(event.time()).isEqualTo(clock.instant().toString());
            assertThat(event.datacontenttype()).isEqualTo("application/json");
            assertThat(event.data()).isEqualTo(Map.of("test", 2432232314L));
        });
        DeliveryRecord claim = claimOf(SPEC_ID);
        assertThat(claim.status()).isEqualTo(DeliveryRecord.Status.COMPLETED);
        assertThat(claim.runId()).isEqualTo(accepted.runId());
        assertThat(claim.responseStatus()).isEqualTo(202);
        assertThat(json.parse(claim.responseBody()))
                .isEqualTo(Map.of("eventId", SPEC_ID, "runId", accepted.runId(), "status", "QUEUED"));
    }

    @Test
    void bodyOfExactlyTheLimit_isAccepted() {
        String body = "\"" + "x".repeat(MAX_BODY_BYTES - 2) + "\"";

        assertThat(accept(delivery(uniqueId()).withBody(body))).isInstanceOf(Accepted.class);
    }

    // 202 + Idempotent-Replayed: the same delivery again

    @Test
    void sameDeliveryAgain_isReplayedWithTheStoredAnswer_andQueuesNothingMore() {
        Accepted first = accepted(SignedRequest.valid());
        clock.advance(Duration.ofMinutes(10));

        IngestionOutcome again = accept(signedNow(SignedRequest.valid()));

        assertThat(again).isEqualTo(new IngestionOutcome.Replayed(202, json.write(AcceptedAnswer.queued(first))));
        assertThat(queuedRunIds()).containsExactly(first.runId());
    }

    // 400: the body is declared JSON but is not

    @Test
    void bodyDeclaredJsonButNotJson_isMalformedJson_atItsPosition_andNothingIsClaimedOrQueued() {
        String id = uniqueId();

        IngestionOutcome outcome = accept(delivery(id).withBody("{\"orderId\": "));

        assertThat(outcome).isEqualTo(new IngestionOutcome.InvalidEvent(EventProblem.MALFORMED_JSON,
                "the body is not valid JSON: it ends before its value is complete, at line 1, column 13"));
        assertThat(claimed(id)).isFalse();
        assertThat(queue.events()).isEmpty();
    }

    // 401: missing or wrong signature, or a timestamp more than 300 s off

    static Stream<Arguments> invalidSignatures() {
        return Stream.of(
                Arguments.of("missing header", (UnaryOperator<SignedRequest>) r -> r.withoutHeader("webhook-signature"),
                        "missing webhook-signature header"),
                Arguments.of("wrong secret", (UnaryOperator<SignedRequest>) r -> r.signedWith(OTHER_SECRET),
                        "no signature in webhook-signature matches an active secret"),
                Arguments.of("old timestamp", (UnaryOperator<SignedRequest>) SignedRequest::withOldTimestamp,
                        "webhook-timestamp is more than 300 seconds in the past"),
                Arguments.of("body changed after signing",
                        (UnaryOperator<SignedRequest>) r -> r.withBodyTamperedAfterSigning("{\"test\": 1}"),
                        "no signature in webhook-signature matches an active secret"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSignatures")
    void invalidSignature_saysWhichCheckFailed_andNothingIsClaimedOrQueued(String name,
                                                                           UnaryOperator<SignedRequest> breakIt,
                                                                           String detail) {
        String id = uniqueId();

        IngestionOutcome outcome = accept(breakIt.apply(delivery(id)));

        assertThat(outcome).isEqualTo(new IngestionOutcome.InvalidSignature(detail));
        assertThat(claimed(id)).isFalse();
        assertThat(queue.events()).isEmpty();
    }

    // 404: no such trigger

    @Test
    void unknownTrigger_isRefused_andNothingIsClaimedOrQueued() {
        IngestionOutcome outcome = accept("no-such-trigger", SignedRequest.valid().toRequest());

        assertThat(outcome).isEqualTo(new IngestionOutcome.UnknownTrigger("no-such-trigger"));
        assertThat(claimStore.record(new DeliveryKey("no-such-trigger", SPEC_ID))).isEmpty();
        assertThat(queue.events()).isEmpty();
    }

    @Test
    void noTriggerIdInThePath_isUnknownTrigger_withoutReadingTheStore() {
        assertThat(accept(null, SignedRequest.valid().toRequest())).isEqualTo(new IngestionOutcome.UnknownTrigger(null));
        assertThat(triggerStore.finds()).isZero();
    }

    // 423 + Retry-After: the trigger is disabled (ADR 0009)

    @Test
    void disabledTrigger_isTriggerDisabled_beforeAnySignatureCheck_andNothingIsClaimedOrQueued() {
        triggerStore.setEnabled(TRIGGER, false, clock.instant());
        String tooLarge = "{\"pad\":\"" + "x".repeat(MAX_BODY_BYTES) + "\"}";

        assertThat(accept(SignedRequest.valid())).isEqualTo(new IngestionOutcome.TriggerDisabled(TRIGGER));
        assertThat(accept(SignedRequest.valid().signedWith(OTHER_SECRET)))
                .isEqualTo(new IngestionOutcome.TriggerDisabled(TRIGGER));
        assertThat(accept(SignedRequest.valid().withBody(tooLarge).signedWith(OTHER_SECRET)))
                .as("the deployment's body limit still comes first").isInstanceOf(IngestionOutcome.PayloadTooLarge.class);
        assertThat(claimed(SPEC_ID)).isFalse();
        assertThat(queue.events()).isEmpty();
    }

    // 409 + Retry-After: another copy is being accepted right now

    @Test
    void copyWhileAnotherHoldsTheClaim_isInProgress_retryingWhenTheHoldersLeaseEnds() throws Exception {
        Instant holderStarted = clock.instant();
        claimStore.claim(new DeliveryKey(TRIGGER, SPEC_ID), "run-of-the-holder", "token-of-the-holder",
                sha256(SignedRequest.SPEC_BODY), holderStarted, holderStarted.plusSeconds(10), holderStarted.plus(RETENTION));
        clock.advance(Duration.ofSeconds(3));

        IngestionOutcome outcome = accept(SignedRequest.valid());

        assertThat(outcome).isEqualTo(new IngestionOutcome.InProgress(SPEC_ID, Duration.ofSeconds(7)));
        assertThat(claimOf(SPEC_ID).claimToken()).isEqualTo("token-of-the-holder");
        assertThat(queue.events()).isEmpty();
    }

    // 413: the body is over MaxBodyBytes

    @Test
    void bodyOverTheLimit_isPayloadTooLarge_beforeTheTriggerIsEvenRead() {
        String body = "\"" + "x".repeat(MAX_BODY_BYTES - 1) + "\"";

        IngestionOutcome outcome = accept("no-such-trigger", delivery(uniqueId()).withBody(body).toRequest());

        assertThat(outcome).isEqualTo(new IngestionOutcome.PayloadTooLarge(MAX_BODY_BYTES + 1, MAX_BODY_BYTES));
        assertThat(triggerStore.finds()).isZero();
        assertThat(queue.events()).isEmpty();
    }

    // 422: a webhook-id seen before is sent again with a different body

    @Test
    void sameDeliveryIdWithAnotherBody_isDeliveryIdReused_andStartsNothing() {
        Accepted first = accepted(SignedRequest.valid());

        IngestionOutcome reused = accept(SignedRequest.valid().withBody("{\"test\": 1}"));

        assertThat(reused).isEqualTo(new IngestionOutcome.DeliveryIdReused(SPEC_ID));
        assertThat(queuedRunIds()).containsExactly(first.runId());
        assertThat(claimOf(SPEC_ID).responseBody()).contains(first.runId());
    }

    // 503 + Retry-After: DynamoDB or SQS did not answer; the event was not accepted

    private static SdkClientException connectionReset() {
        return SdkClientException.builder().message("Unable to execute HTTP request: Connection reset")
                .cause(new java.net.SocketException("Connection reset")).build();
    }

    private static SdkClientException readTimeout() {
        return SdkClientException.builder().message("Unable to execute HTTP request: Read timed out")
                .cause(new SocketTimeoutException("Read timed out")).build();
    }

    private static SqsException throttled() {
        return (SqsException) SqsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("RequestThrottled").build()).build();
    }

    @Test
    void triggerStoreUnreachable_isUnavailable_andNothingIsClaimed() {
        triggerStore.failFindsWith(connectionReset());

        IngestionOutcome outcome = accept(SignedRequest.valid());

        assertThat(outcome).isEqualTo(new Unavailable(Duration.ofSeconds(5), Dependency.TRIGGERS));
        assertThat(claimed(SPEC_ID)).isFalse();
    }

    @Test
    void claimStoreUnreachable_isUnavailable_andNothingIsQueued() {
        claimStore.fail(Operation.CLAIM, readTimeout());

        IngestionOutcome outcome = accept(SignedRequest.valid());

        assertThat(outcome).isEqualTo(new Unavailable(Duration.ofSeconds(5), Dependency.DELIVERY_CLAIMS));
        assertThat(queue.events()).isEmpty();
    }

    @Test
    void queueUnreachable_isUnavailable_keepsTheClaimAndItsRunId_andTheRetryStartsThatSameRun() {
        queue.failSendsWith(connectionReset());
        Instant failedAt = clock.instant();

        IngestionOutcome failed = accept(SignedRequest.valid());

        assertThat(failed).isEqualTo(new Unavailable(Duration.ofSeconds(5), Dependency.STEPS_QUEUE));
        DeliveryRecord kept = claimOf(SPEC_ID);
        assertThat(kept.status()).isEqualTo(DeliveryRecord.Status.IN_PROGRESS);
        assertThat(kept.leaseExpiresAt()).as("the lease was given up at once").isEqualTo(failedAt);

        queue.failSendsWith(null);
        clock.advance(Duration.ofSeconds(5));
        Accepted retry = accepted(SignedRequest.valid());

        assertThat(retry.runId()).isEqualTo(kept.runId());
        assertThat(queuedRunIds()).containsExactly(kept.runId());
        assertThat(claimOf(SPEC_ID).status()).isEqualTo(DeliveryRecord.Status.COMPLETED);
    }

    @Test
    void queueStoredTheEventButItsAnswerWasLost_theRetryResendsUnderTheSameRunId_soOneDeliveryIsOneRun() {
        queue.failSendsAfterStoringWith(readTimeout());

        assertThat(accept(SignedRequest.valid())).isInstanceOf(Unavailable.class);

        queue.failSendsWith(null);
        clock.advance(Duration.ofSeconds(5));
        Accepted retry = accepted(SignedRequest.valid());

        // Two copies of the event, one run id: the step side creates the run once and drops the copy.
        assertThat(queuedRunIds()).hasSize(2).containsOnly(retry.runId());
    }

    @Test
    void queueThrottling_isUnavailable_andEvenThis4xxKeepsTheClaimAndItsRunId() {
        // The SDK retries throttling by itself: an earlier attempt may have timed out after SQS stored the message.
        queue.failSendsWith(throttled());

        assertThat(accept(SignedRequest.valid())).isEqualTo(new Unavailable(Duration.ofSeconds(5), Dependency.STEPS_QUEUE));
        String runId = claimOf(SPEC_ID).runId();

        queue.failSendsWith(null);
        clock.advance(Duration.ofSeconds(5));
        assertThat(accepted(SignedRequest.valid()).runId()).isEqualTo(runId);
    }

    @Test
    void queueAndClaimStoreBothFailing_retryAfterIsWhenTheClaimsLeaseEnds() {
        queue.failSendsWith(connectionReset());
        claimStore.fail(Operation.ABANDON, readTimeout());

        IngestionOutcome outcome = accept(SignedRequest.valid());

        assertThat(outcome).isEqualTo(new Unavailable(REMAINING, Dependency.STEPS_QUEUE));
        assertThat(claimOf(SPEC_ID).leaseExpiresAt()).isEqualTo(clock.instant().plus(REMAINING));
    }

    @Test
    void answerCannotBeStoredAfterTheEventIsQueued_isStillAccepted_andADuplicateResendsTheSameRun() {
        claimStore.fail(Operation.COMPLETE, connectionReset());

        Accepted first = accepted(SignedRequest.valid());

        assertThat(claimOf(SPEC_ID).status()).isEqualTo(DeliveryRecord.Status.IN_PROGRESS);
        claimStore.fail(Operation.COMPLETE, null);
        clock.advance(Duration.ofSeconds(1));
        Accepted duplicate = accepted(SignedRequest.valid());
        assertThat(duplicate.runId()).isEqualTo(first.runId());
        assertThat(queuedRunIds()).hasSize(2).containsOnly(first.runId());
    }

    // 500: a bug is not an outage; it propagates

    @Test
    void claimStoreBug_propagates_andNothingIsQueued() {
        IllegalStateException bug = new IllegalStateException("a bug in the claim store");
        claimStore.fail(Operation.CLAIM, bug);

        assertThatThrownBy(() -> accept(SignedRequest.valid())).isSameAs(bug);
        assertThat(queue.events()).isEmpty();
    }

    @Test
    void triggerStoreBug_propagates() {
        IllegalArgumentException bug = new IllegalArgumentException("a bug in the trigger store");
        triggerStore.failFindsWith(bug);

        assertThatThrownBy(() -> accept(SignedRequest.valid())).isSameAs(bug);
    }

    static Stream<Arguments> bugsWhileQueueing() {
        return Stream.of(
                Arguments.of("a bug in our code", new IllegalStateException("cannot serialise the event")),
                Arguments.of("SQS refusing the request as invalid", SqsException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidParameterValue").build()).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bugsWhileQueueing")
    void bugWhileQueueing_propagates_butGivesUpTheClaimsLeaseSoTheSenderIsNotHeldBack(String name,
                                                                                     RuntimeException bug) {
        queue.failSendsWith(bug);
        Instant failedAt = clock.instant();

        assertThatThrownBy(() -> accept(SignedRequest.valid())).isSameAs(bug);

        DeliveryRecord kept = claimOf(SPEC_ID);
        assertThat(kept.status()).isEqualTo(DeliveryRecord.Status.IN_PROGRESS);
        assertThat(kept.leaseExpiresAt()).isEqualTo(failedAt);
        queue.failSendsWith(null);
        clock.advance(Duration.ofSeconds(1));
        assertThat(accepted(SignedRequest.valid()).runId()).isEqualTo(kept.runId());
        assertThat(queuedRunIds()).containsExactly(kept.runId());
    }

    @Test
    void bugWhileStoringTheAnswer_stillAcceptsTheQueuedEvent() {
        claimStore.fail(Operation.COMPLETE, new IllegalStateException("a bug in the claim store"));

        Accepted accepted = accepted(SignedRequest.valid());

        assertThat(queuedRunIds()).containsExactly(accepted.runId());
    }

    @Test
    void senderTextInALogLine_cannotForgeAnotherLine() {
        assertThat(WebhookIngestion.loggable("order.paid\n[main] INFO forged")).isEqualTo("order.paid?[main] INFO forged");
        assertThat(WebhookIngestion.loggable("x".repeat(400))).hasSize(303);
    }
}

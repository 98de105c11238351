package io.hookrun.webhook;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.idempotency.DeliveryClaims;
import io.hookrun.core.idempotency.DeliveryClaims.Decision;
import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.MessageRefusedException;
import io.hookrun.core.message.PreparedEvent;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.ratelimit.RateLimitDecision;
import io.hookrun.core.ratelimit.RateLimiter;
import io.hookrun.core.signature.SignatureVerificationException;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.signature.VerifiedDelivery;
import io.hookrun.core.signature.WebhookRequest;
import io.hookrun.core.trigger.RateLimit;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.lambda.DependencyFailures;
import io.hookrun.lambda.logging.LogContext;
import io.hookrun.webhook.IngestionOutcome.Dependency;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The webhook path of ADR 0006, one stage per method, in this order: header sizes and trigger id syntax (431/404)
 * → body size against the deployment's limit → trigger (404) → trigger enabled (423, ADR 0009) → body size against
 * the trigger's {@code event.maxBodyBytes} (413) → signature over the raw bytes (401) → rate limit (429) → content type and parse
 * (415/400) → delivery id and event type (400) → event-type filter (202 {@code FILTERED}, recorded with the claim) →
 * schema (422) → envelope size (413) → delivery claim (409/422/replay) → SQS (503 on outage, 4xx when it refuses the
 * message) → 202. It touches only DynamoDB and SQS, so webhooks keep being accepted while PostgreSQL is down, and it answers
 * in {@link IngestionOutcome}s, never in HTTP.
 *
 * <p>Order matters. Nothing is parsed before the signature checks out (unauthenticated bytes are never interpreted),
 * and nothing is written for a refused request (a forged or malformed one changes nothing). An event is
 * {@code Accepted} only once SQS has it. A stage that ends the path throws {@link Stop}, so {@link #accept} reads as
 * the list of stages; each refusal is logged on one line with its reason, never with the body.
 *
 * <p>Failures are named for what they are ({@link DependencyFailures}). DynamoDB or SQS being unreachable, slow or
 * throttling is {@link IngestionOutcome.Unavailable}: the sender retries. Anything else is a bug and propagates, so
 * that it is answered 500 and logged with its stack trace instead of being retried for ever as an outage.
 *
 * <p>One delivery, one run: once the delivery is claimed, a failed enqueue never deletes the claim, whatever the
 * failure. The claim is {@linkplain DeliveryClaims#abandon abandoned}: it keeps its run id and its lease ends at
 * once, so the retry takes it over, re-sends under the same run id, and the step side drops the copy if the first
 * send did reach the queue. Not even an SQS 4xx deletes it: the SDK retries socket timeouts and throttling by itself
 * (standard strategy, 3 attempts by default:
 * https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/retry-strategy.html), so a final 4xx can follow an
 * earlier attempt whose answer was lost after SQS stored the message; and deleting would buy nothing but a new run
 * id.
 */
@Singleton
public class WebhookIngestion {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIngestion.class);
    /** How long a sender is asked to wait after an outage: enough for a blip or throttling to pass, and no more. */
    static final Duration RETRY_AFTER_OUTAGE = Duration.ofSeconds(5);
    /** Stands for the run id while the event is measured: every UUID has the same length. */

    /**
     * A stage ends the path early with {@code outcome}: a refusal, a replay, a copy in flight, an outage. Internal
     * control flow, so it carries no stack trace.
     */
    private static final class Stop extends Exception {
        private final IngestionOutcome outcome;

        Stop(IngestionOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    /** What the verified body says: the sender's CloudEvent if it sent one, the data, what pointers look into. */
    private record EventContent(@Nullable SenderCloudEvent cloudEvent, EventData data, @Nullable Object document) {
    }

    private final TriggerCache triggers;
    private final SignatureVerifier verifier;
    private final DeliveryClaims claims;
    private final StepQueue queue;
    private final CloudEventReader cloudEvents;
    private final EventBodyReader bodies;
    private final EventSchemas schemas;
    private final JsonText json;
    private final Clock clock;
    private final int maxBodyBytes;
    private final RateLimiter rateLimiter;

@Inject
        public WebhookIngestion(TriggerCache triggers, SignatureVerifier verifier, DeliveryClaims claims, StepQueue queue,
                            CloudEventReader cloudEvents, EventBodyReader bodies, EventSchemas schemas, JsonText json,
                            Clock clock, HookrunConfiguration config, RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.triggers = triggers;
        this.verifier = verifier;
        this.claims = claims;
        this.queue = queue;
        this.cloudEvents = cloudEvents;
        this.bodies = bodies;
        this.schemas = schemas;
        this.json = json;
        this.clock = clock;
        this.maxBodyBytes = config.maxBodyBytes();
    }

    /**
     * For tests whose triggers have no rate limit: a trigger with one fails loudly here instead of going unlimited.
     */
    public WebhookIngestion(TriggerCache triggers, SignatureVerifier verifier, DeliveryClaims claims, StepQueue queue,
                            CloudEventReader cloudEvents, EventBodyReader bodies, EventSchemas schemas, JsonText json,
                            Clock clock, HookrunConfiguration config) {
        this(triggers, verifier, claims, queue, cloudEvents, bodies, schemas, json, clock, config,
                (triggerId, limit, now) -> {
                    throw new IllegalStateException("trigger " + triggerId + " has a rate limit, and this ingestion"
                            + " was built without a rate limiter");
                });
    }

    /**
     * @param triggerId the path's trigger id; null when the path has none
     * @param remaining the invocation's remaining time: the longest this claim can stay legitimately IN_PROGRESS
     * @throws RuntimeException a bug (anything {@link DependencyFailures} does not call an outage); a claim taken
     *                          before it was abandoned, so the sender's retry is not held back
     */
    public IngestionOutcome accept(String triggerId, Map<String, String> headers, byte[] body, Duration remaining) {
        return accept(null, triggerId, headers, body, remaining);
    }

    /**
     * @param rawPath the path as sent, still percent-encoded; null when unknown
     * @see #accept(String, Map, byte[], Duration)
     */
    public IngestionOutcome accept(@Nullable String rawPath, @Nullable String triggerId, Map<String, String> headers,
                                   byte[] body, Duration remaining) {
        try {
            checkRequestLimits(rawPath, triggerId, headers);
            checkDeploymentBodySize(body);
            Trigger trigger = trigger(triggerId);
            LogContext.put(LogContext.TRIGGER_ID, trigger.id());
            checkEnabled(trigger);
            checkTriggerBodySize(trigger, body);
            Instant now = clock.instant();
            WebhookRequest request = new WebhookRequest(headers, body);
            VerifiedDelivery delivery = verify(trigger, request, now);
            checkRateLimit(trigger, now);
            EventContent content = read(trigger, request);
            EventIdentity identity = identify(trigger, delivery, request, content);
            // Checked by identify(): bounded and printable. The step function puts the same id on every state.
            LogContext.put(LogContext.DELIVERY_ID, identity.deliveryId());
            if (filteredOut(trigger, identity)) {
                return recordFiltered(trigger, identity, content, body, now, remaining);
            }
            checkSchema(trigger, content, identity);
            CloudEvent event = cloudEvent(trigger, identity, content, now); // its run id comes with the claim
            PreparedEvent message = prepareWithinSqsSize(event, body);
            Decision.Proceed claim = claim(trigger, identity, body, now, remaining);
            return enqueue(claim, message.withRunId(claim.runId()));
        } catch (Stop stop) {
            logRefusal(triggerId, stop.outcome);
            return stop.outcome;
        }
    }

    // The stages, in order.

    /** Header sizes and the trigger id's syntax, before anything is looked up ({@link RequestLimits}). */
    private static void checkRequestLimits(@Nullable String rawPath, @Nullable String triggerId,
                                           Map<String, String> headers) throws Stop {
        Optional<RequestLimits.Violation> violation = RequestLimits.checkRequest(rawPath, triggerId, headers);
        if (violation.isPresent()) {
            throw new Stop(switch (violation.get()) {
                case RequestLimits.HeadersTooLarge h -> new IngestionOutcome.HeadersTooLarge(h.header(), h.bytes(), h.maxBytes());
                case RequestLimits.MalformedTriggerId m -> m.triggerId() == null
                        ? new IngestionOutcome.UnknownTrigger(null) : new IngestionOutcome.MalformedTriggerId();
                case RequestLimits.InvalidDeliveryId d ->
                        new IngestionOutcome.InvalidEvent(EventProblem.INVALID_DELIVERY_ID, d.detail());
            });
        }
    }

    private void checkDeploymentBodySize(byte[] body) throws Stop {
        if (body.length > maxBodyBytes) {
            throw new Stop(new IngestionOutcome.PayloadTooLarge(body.length, maxBodyBytes));
        }
    }

    private Trigger trigger(String triggerId) throws Stop {
        Optional<Trigger> found;
        try {
            found = triggerId == null ? Optional.empty() : triggers.find(triggerId);
        } catch (RuntimeException e) {
            throw new Stop(unavailable(e, Dependency.TRIGGERS, triggerId));
        }
        return found.orElseThrow(() -> new Stop(new IngestionOutcome.UnknownTrigger(triggerId)));
    }

    /**
     * A disabled trigger is answered before its signature is checked: nothing about the request matters while it is
     * paused, and a paused trigger spends no CPU on HMACs. The trigger cache applies: a change is seen within its TTL.
     */
    private static void checkEnabled(Trigger trigger) throws Stop {
        if (!trigger.enabled()) {
            throw new Stop(new IngestionOutcome.TriggerDisabled(trigger.id()));
        }
    }

    private static void checkTriggerBodySize(Trigger trigger, byte[] body) throws Stop {
        Integer limit = trigger.events().maxBodyBytes();
        if (limit != null && body.length > limit) {
            throw new Stop(new IngestionOutcome.PayloadTooLarge(body.length, limit, true));
        }
    }

    private VerifiedDelivery verify(Trigger trigger, WebhookRequest request, Instant now) throws Stop {
        try {
            return verifier.verify(trigger.signature(), request, trigger.secretValues(now), now);
        } catch (SignatureVerificationException e) {
            throw new Stop(new IngestionOutcome.InvalidSignature(e.getMessage()));
        }
    }

    /**
     * The trigger's rate limit, if it has one (a trigger without one costs no request). After the signature, so a
     * forger cannot spend a trigger's bucket; before the body is parsed, so a flood costs little. A limiter that cannot
     * be reached is an outage (503), never a 429.
     */
    private void checkRateLimit(Trigger trigger, Instant now) throws Stop {
        RateLimit limit = trigger.events().rateLimit();
        if (limit == null) {
            return;
        }
        RateLimitDecision decision;
        try {
            decision = rateLimiter.acquire(trigger.id(), limit, now);
        } catch (RuntimeException e) {
            throw new Stop(unavailable(e, Dependency.RATE_LIMITS, trigger.id()));
        }
        if (decision instanceof RateLimitDecision.Limited limited) {
            throw new Stop(new IngestionOutcome.RateLimited(trigger.id(), limited.retryAfter()));
        }
    }

    /** Content type, charset, parse and CloudEvent attributes: only ever reached with a genuine signature. */
    private EventContent read(Trigger trigger, WebhookRequest request) throws Stop {
        List<String> listedTypes = trigger.events().contentTypes();
        try {
            Optional<CloudEventReader.Read> sent = cloudEvents.read(request, listedTypes);
            if (sent.isPresent()) {
                return new EventContent(sent.get().event(), sent.get().data(), sent.get().document());
            }
            EventData data = bodies.read(request.header("content-type"), request.body(), listedTypes);
            return new EventContent(null, data, data.isJson() ? data.data() : null);
        } catch (EventRefusedException e) {
            throw refused(e);
        }
    }

    private static EventIdentity identify(Trigger trigger, VerifiedDelivery delivery, WebhookRequest request,
                                          EventContent content) throws Stop {
        EventIdentity identity;
        try {
            identity = EventIdentity.of(delivery, trigger.events(), request, content.document(), content.cloudEvent());
        } catch (EventRefusedException e) {
            throw refused(e);
        }
        // Part of a DynamoDB key: bounded and printable, wherever it came from (RequestLimits).
        Optional<RequestLimits.Violation> invalid = RequestLimits.checkDeliveryId(identity.deliveryId());
        if (invalid.isPresent() && invalid.get() instanceof RequestLimits.InvalidDeliveryId id) {
            throw new Stop(new IngestionOutcome.InvalidEvent(EventProblem.INVALID_DELIVERY_ID, id.detail()));
        }
        return identity;
    }

    /**
     * Measures the event as the queue will count it before the delivery is claimed, so an event that can never be
     * queued is refused (413) with nothing written. The run id comes with the claim; every run id is a UUID of 36
     * ASCII characters, so a placeholder measures exactly the same, and the claim's run id is swapped into the very
     * text measured ({@link PreparedEvent#withRunId}): the event is serialised once (about 6 ms for a 980 KB body).
     * The placeholder is random, so no sender can plant it in a body.
     */
    private PreparedEvent prepareWithinSqsSize(CloudEvent event, byte[] body) throws Stop {
        PreparedEvent measured = queue.prepareEvent(event.withRunId(UUID.randomUUID().toString()));
        if (!measured.fits()) {
            throw new Stop(new IngestionOutcome.EventTooLarge(body.length, measured.messageBytes(),
                    StepQueue.MAX_MESSAGE_BYTES));
        }
        return measured;
    }

    /** The trigger lists the types it takes, and this event's is not one of them (or it has none). */
    private static boolean filteredOut(Trigger trigger, EventIdentity identity) {
        List<String> types = trigger.events().types();
        return !types.isEmpty() && (identity.eventType() == null || !types.contains(identity.eventType()));
    }

    /**
     * Claims the delivery and completes the claim with the FILTERED answer, queueing nothing: a replay is told
     * FILTERED again and a copy with another body is refused, exactly as for an accepted event. The claim's run id
     * is never shown: that run will not exist.
     */
    private IngestionOutcome recordFiltered(Trigger trigger, EventIdentity identity, EventContent content, byte[] body,
                                            Instant now, Duration remaining) throws Stop {
        IngestionOutcome.Filtered filtered = new IngestionOutcome.Filtered(eventId(identity, content),
                identity.eventType());
        Decision.Proceed claim = claim(trigger, identity, body, now, remaining);
        recordAnswer(claim, json.write(AcceptedAnswer.filtered(filtered)));
        LOG.info("webhook for trigger {} delivery {} filtered out: event type {} is not one the trigger takes",
                trigger.id(), loggable(identity.deliveryId()), loggable(identity.eventType()));
        return filtered;
    }

    private void checkSchema(Trigger trigger, EventContent content, EventIdentity identity) throws Stop {
        String schema = trigger.events().schema();
        if (schema == null || !content.data().isJson()) {
            return; // binary data (data_base64) has no JSON to check
        }
        List<SchemaViolation> violations = schemas.of(trigger.id(), schema).validate(content.data().data());
        if (!violations.isEmpty()) {
            throw new Stop(new IngestionOutcome.SchemaViolations(eventId(identity, content), violations));
        }
    }

    /**
     * Takes the delivery claim, or refuses with what the claim says: replay the stored answer, another copy is in
     * flight, or the id was used with another body.
     */
    private Decision.Proceed claim(Trigger trigger, EventIdentity identity, byte[] body, Instant now,
                                   Duration remaining) throws Stop {
        String deliveryId = identity.deliveryId();
        String payloadHash = sha256(body);
        Decision decision;
        try {
            decision = claims.begin(new DeliveryKey(trigger.id(), deliveryId), payloadHash, now, remaining);
        } catch (RuntimeException e) {
            // If the claim was written before the answer was lost, it holds at most its lease (the invocation's
            // remaining time); the retry then gets 409 and, after the lease, takes it over under the same run id.
            throw new Stop(unavailable(e, Dependency.DELIVERY_CLAIMS, trigger.id()));
        }
        return switch (decision) {
            case Decision.Proceed proceed -> proceed;
            case Decision.Replay replay -> throw new Stop(new IngestionOutcome.Replayed(replay.status(), replay.body()));
            case Decision.InProgress inProgress ->
                    throw new Stop(new IngestionOutcome.InProgress(deliveryId, inProgress.retryAfter()));
            case Decision.PayloadMismatch mismatch -> {
                LOG.warn("webhook for trigger {} delivery {} reuses a delivery id with another body (SHA-256 of the "
                                + "first body: {}, of this one: {})", trigger.id(), loggable(deliveryId),
                        mismatch.storedPayloadHash(), payloadHash);
                throw new Stop(new IngestionOutcome.DeliveryIdReused(deliveryId));
            }
        };
    }

    /**
     * The CloudEvent the run receives. A sender's CloudEvent keeps its attributes and extensions; any other body is
     * wrapped: {@code source} {@code /hooks/<trigger>}, {@code type} from the scheme's event type
     * ({@code com.github.push}) or {@value CloudEvent#WEBHOOK_RECEIVED}, {@code id} the delivery id, {@code time}
     * now. hookrun's extensions are set in both cases.
     */
    private CloudEvent cloudEvent(Trigger trigger, EventIdentity identity, EventContent content, Instant now) {
        EventData data = content.data();
        SenderCloudEvent sent = content.cloudEvent();
        if (sent != null) {
            return new CloudEvent(CloudEvent.SPEC_VERSION, sent.id(), sent.source(), sent.type(), sent.time(),
                    data.contentType(), sent.dataschema(), sent.subject(), data.data(), data.dataBase64(),
                    sent.extensions(), trigger.id(), trigger.workflowId(), null);
        }
        String type = identity.eventType() == null ? CloudEvent.WEBHOOK_RECEIVED
                : verifier.scheme(trigger.signature().scheme()).map(s -> s.cloudEventType(identity.eventType()))
                        .orElse(identity.eventType());
        return new CloudEvent(CloudEvent.SPEC_VERSION, identity.deliveryId(), "/hooks/" + trigger.id(), type,
                now.toString(), data.contentType(), null, null, data.data(), data.dataBase64(), Map.of(),
                trigger.id(), trigger.workflowId(), null);
    }

    private static String eventId(EventIdentity identity, EventContent content) {
        return content.cloudEvent() != null ? content.cloudEvent().id() : identity.deliveryId();
    }

    private static Stop refused(EventRefusedException e) {
        return new Stop(new IngestionOutcome.InvalidEvent(e.problem(), e.getMessage()));
    }

    private static void logRefusal(String triggerId, IngestionOutcome outcome) {
        String reason = switch (outcome) {
            case IngestionOutcome.InvalidEvent invalid -> invalid.problem().slug() + ": " + invalid.detail();
            case IngestionOutcome.SchemaViolations schema -> "schema-violation: " + schema.violations().size()
                    + " violation(s)";
            case IngestionOutcome.InvalidSignature invalid -> "invalid-signature: " + invalid.detail();
            case IngestionOutcome.PayloadTooLarge tooLarge -> "payload-too-large: " + tooLarge.bodyBytes() + " bytes";
            case IngestionOutcome.UnknownTrigger ignored -> "unknown-trigger";
            case IngestionOutcome.TriggerDisabled ignored -> "trigger-disabled";
            case IngestionOutcome.DeliveryIdReused ignored -> "delivery-id-reused";
            case IngestionOutcome.HeadersTooLarge headers -> "headers-too-large: " + headers.bytes() + " bytes"
                    + (headers.header() == null ? " of headers" : " in " + headers.header());
            case IngestionOutcome.MalformedTriggerId ignored -> "unknown-trigger: malformed id";
            case IngestionOutcome.EventTooLarge tooLarge -> "payload-too-large: " + tooLarge.messageBytes()
                    + " bytes with the envelope";
            case IngestionOutcome.QueueRefused refused -> "queue-refused: " + refused.reason();
            case IngestionOutcome.RateLimited ignored -> "rate-limited";
            default -> null; // replays, copies in flight and outages are logged where they happen, or are no refusal
        };
        if (reason != null) {
            // A malformed id is not echoed: it may be 3000 characters long.
            LOG.info("webhook for trigger {} refused: {}", RequestLimits.isTriggerId(triggerId) ? triggerId
                    : triggerId == null ? null : "(malformed)", loggable(reason));
        }
    }

    /**
     * A sender-controlled text as one log line: control characters (a forged line break would forge a log entry)
     * replaced, and cut at 300 characters.
     */
    static String loggable(String text) {
        if (text == null) {
            return null;
        }
        String cut = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private IngestionOutcome enqueue(Decision.Proceed claim, PreparedEvent event) {
        IngestionOutcome.Accepted accepted = new IngestionOutcome.Accepted(event.event().id(), claim.runId());
        String answer;
        try {
            answer = json.write(AcceptedAnswer.queued(accepted));
            queue.sendEvent(event);
        } catch (RuntimeException e) {
            return notQueued(claim, e);
        }
        recordAnswer(claim, answer);
        // The one INFO line of an accepted event: ids only, never the body (ADR 0008).
        LOG.info("webhook for trigger {} delivery {} accepted: event {} queued for run {}", claim.key().triggerId(),
                claim.key().deliveryId(), loggable(event.event().id()), claim.runId());
        return accepted;
    }

    /**
     * The event may or may not be on the queue. Gives up the claim's lease and keeps its run id (see the class
     * comment), then answers an outage as {@code Unavailable} and lets a bug propagate.
     */
    private IngestionOutcome notQueued(Decision.Proceed claim, RuntimeException failure) {
        boolean leaseGivenUp = abandonQuietly(claim);
        if (failure instanceof MessageRefusedException refused) {
            // The request's fault, not an outage: sent again it is refused again, so "503, retry" would loop for ever.
            LOG.warn("the steps queue refused the event of trigger {} delivery {} ({}); the claim keeps run {}",
                    claim.key().triggerId(), loggable(claim.key().deliveryId()), refused.reason(), claim.runId());
            return new IngestionOutcome.QueueRefused(refused.reason());
        }
        if (!DependencyFailures.isDependencyFailure(failure)) {
            throw failure;
        }
        LOG.warn("the steps queue did not take the event of trigger {} delivery {} (run {}); the claim keeps its run id"
                        + " and {}: {}", claim.key().triggerId(), claim.key().deliveryId(), claim.runId(),
                leaseGivenUp ? "gave up its lease" : "holds its lease until it ends", failure.toString());
        Duration retryAfter = leaseGivenUp ? RETRY_AFTER_OUTAGE : untilLeaseEnds(claim);
        return new IngestionOutcome.Unavailable(retryAfter, Dependency.STEPS_QUEUE);
    }

    /**
     * The event is durable on SQS (or filtered out, and nothing is to be queued), so the answer is 202 whatever
     * happens here. If the answer cannot be stored, the claim's lease is given up: a duplicate then takes it over and
     * re-sends under the same run id (dropped by the step side), or is filtered again, instead of waiting with 409.
     */
    private void recordAnswer(Decision.Proceed claim, String answer) {
        try {
            if (!claims.complete(claim, 202, answer)) {
                LOG.warn("the claim of trigger {} delivery {} was taken over before its answer was stored",
                        claim.key().triggerId(), claim.key().deliveryId());
            }
        } catch (RuntimeException e) {
            logFailure("could not store the answer of trigger " + claim.key().triggerId() + " delivery "
                    + claim.key().deliveryId() + " (its event is queued)", e);
            abandonQuietly(claim);
        }
    }

    /** True when the lease no longer holds the sender back: given up now, or already taken over by a copy. */
    private boolean abandonQuietly(Decision.Proceed claim) {
        try {
            claims.abandon(claim, clock.instant());
            return true;
        } catch (RuntimeException e) {
            logFailure("could not give up the claim of trigger " + claim.key().triggerId() + " delivery "
                    + claim.key().deliveryId() + "; it holds until its lease ends", e);
            return false;
        }
    }

    private IngestionOutcome.Unavailable unavailable(RuntimeException failure, Dependency dependency, String triggerId) {
        if (!DependencyFailures.isDependencyFailure(failure)) {
            throw failure;
        }
        LOG.warn("webhook for trigger {} not accepted: {} unavailable: {}", triggerId, dependency, failure.toString());
        return new IngestionOutcome.Unavailable(RETRY_AFTER_OUTAGE, dependency);
    }

    private Duration untilLeaseEnds(Decision.Proceed claim) {
        Duration left = Duration.between(clock.instant(), claim.leaseExpiresAt());
        return left.compareTo(RETRY_AFTER_OUTAGE) < 0 ? RETRY_AFTER_OUTAGE : left;
    }

    /** An outage is a warning; a bug is an error with its stack trace. Neither message carries a body or a secret. */
    private static void logFailure(String what, RuntimeException failure) {
        if (DependencyFailures.isDependencyFailure(failure)) {
            LOG.warn("{}: {}", what, failure.toString());
        } else {
            LOG.error(what, failure);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

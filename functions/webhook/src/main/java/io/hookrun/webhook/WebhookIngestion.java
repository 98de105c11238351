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
import io.hookrun.core.trigger.RateLimit;
import io.hookrun.core.signature.SignatureVerificationException;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.signature.VerifiedDelivery;
import io.hookrun.core.signature.WebhookRequest;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.lambda.DependencyFailures;
import io.hookrun.webhook.IngestionOutcome.Dependency;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The webhook path: size check, trigger, signature, delivery claim, enqueue. It touches only DynamoDB and SQS, so
 * webhooks keep being accepted while PostgreSQL is down, and it answers in {@link IngestionOutcome}s, never in HTTP.
 *
 * <p>Order matters. The signature is checked before the body is parsed (unauthenticated bytes are never
 * interpreted) and before anything is written (a forged request changes nothing). An event is {@code Accepted} only
 * once SQS has it.
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
    /** Stands for the run id while the event is measured: any UUID has the same length. */
    private static final String UNKNOWN_RUN_ID = new UUID(0, 0).toString();

    private final TriggerCache triggers;
    private final SignatureVerifier verifier;
    private final DeliveryClaims claims;
    private final StepQueue queue;
    private final WebhookBodyParser bodyParser;
    private final JsonText json;
    private final Clock clock;
    private final int maxBodyBytes;
    private final RateLimiter rateLimiter;

    public WebhookIngestion(TriggerCache triggers, SignatureVerifier verifier, DeliveryClaims claims, StepQueue queue,
                            WebhookBodyParser bodyParser, JsonText json, Clock clock, HookrunConfiguration config,
                            RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.triggers = triggers;
        this.verifier = verifier;
        this.claims = claims;
        this.queue = queue;
        this.bodyParser = bodyParser;
        this.json = json;
        this.clock = clock;
        this.maxBodyBytes = config.maxBodyBytes();
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
    public IngestionOutcome accept(String rawPath, String triggerId, Map<String, String> headers, byte[] body,
                                   Duration remaining) {
        Optional<RequestLimits.Violation> violation = RequestLimits.checkRequest(rawPath, triggerId, headers);
        if (violation.isPresent()) {
            return switch (violation.get()) {
                case RequestLimits.HeadersTooLarge h -> new IngestionOutcome.HeadersTooLarge(h.header(), h.bytes(), h.maxBytes());
                case RequestLimits.MalformedTriggerId m -> m.triggerId() == null
                        ? new IngestionOutcome.UnknownTrigger(null) : new IngestionOutcome.MalformedTriggerId();
                case RequestLimits.InvalidDeliveryId d -> new IngestionOutcome.InvalidDeliveryId(d.detail());
            };
        }
        if (body.length > maxBodyBytes) {
            return new IngestionOutcome.PayloadTooLarge(body.length, maxBodyBytes);
        }
        Optional<Trigger> found;
        try {
            found = triggerId == null ? Optional.empty() : triggers.find(triggerId);
        } catch (RuntimeException e) {
            return unavailable(e, Dependency.TRIGGERS, triggerId);
        }
        if (found.isEmpty()) {
            return new IngestionOutcome.UnknownTrigger(triggerId);
        }
        Trigger trigger = found.get();
        Instant now = clock.instant();
        WebhookRequest request = new WebhookRequest(headers, body);
        VerifiedDelivery delivery;
        try {
            delivery = verifier.verify(trigger.signature(), request, trigger.secretValues(now), now);
        } catch (SignatureVerificationException e) {
            return new IngestionOutcome.InvalidSignature(e.getMessage());
        }
        RateLimit rateLimit = trigger.events().rateLimit();
        if (rateLimit != null) {
            RateLimitDecision admission;
            try {
                admission = rateLimiter.acquire(trigger.id(), rateLimit, now);
            } catch (RuntimeException e) {
                return unavailable(e, Dependency.RATE_LIMITS, trigger.id());
            }
            if (admission instanceof RateLimitDecision.Limited limited) {
                return new IngestionOutcome.RateLimited(trigger.id(), limited.retryAfter());
            }
        }
        Optional<RequestLimits.Violation> badId = RequestLimits.checkDeliveryId(delivery.deliveryId());
        if (badId.isPresent() && badId.get() instanceof RequestLimits.InvalidDeliveryId invalid) {
            return new IngestionOutcome.InvalidDeliveryId(invalid.detail());
        }
        WebhookBodyParser.ParsedBody parsed;
        try {
            parsed = bodyParser.parse(request);
        } catch (WebhookBodyParser.MalformedBodyException e) {
            return new IngestionOutcome.MalformedBody(e.getMessage());
        }

        // Measured before the claim, so an event that can never be queued is refused with nothing written. The run id
        // is not known yet; every run id is a UUID of 36 ASCII characters, so a placeholder measures the same.
        PreparedEvent measured = queue.prepareEvent(event(trigger, delivery, parsed, now, UNKNOWN_RUN_ID));
        if (!measured.fits()) {
            return new IngestionOutcome.EventTooLarge(body.length, measured.messageBytes(), StepQueue.MAX_MESSAGE_BYTES);
        }

        Decision decision;
        try {
            decision = claims.begin(new DeliveryKey(trigger.id(), delivery.deliveryId()), sha256(body), now, remaining);
        } catch (RuntimeException e) {
            // If the claim was written before the answer was lost, it holds at most its lease (the invocation's
            // remaining time); the retry then gets 409 and, after the lease, takes it over under the same run id.
            return unavailable(e, Dependency.DELIVERY_CLAIMS, trigger.id());
        }
        return switch (decision) {
            case Decision.Proceed claim -> enqueue(claim, trigger, delivery, parsed, now);
            case Decision.Replay replay -> new IngestionOutcome.Replayed(replay.status(), replay.body());
            case Decision.InProgress inProgress ->
                    new IngestionOutcome.InProgress(delivery.deliveryId(), inProgress.retryAfter());
            case Decision.PayloadMismatch ignored -> new IngestionOutcome.DeliveryIdReused(delivery.deliveryId());
        };
    }

    private IngestionOutcome enqueue(Decision.Proceed claim, Trigger trigger, VerifiedDelivery delivery,
                                     WebhookBodyParser.ParsedBody parsed, Instant now) {
        IngestionOutcome.Accepted accepted = new IngestionOutcome.Accepted(delivery.deliveryId(), claim.runId());
        String answer;
        try {
            answer = json.write(AcceptedAnswer.queued(accepted));
            queue.sendEvent(event(trigger, delivery, parsed, now, claim.runId()));
        } catch (RuntimeException e) {
            return notQueued(claim, e);
        }
        recordAnswer(claim, answer);
        return accepted;
    }

    private static CloudEvent event(Trigger trigger, VerifiedDelivery delivery, WebhookBodyParser.ParsedBody parsed,
                                    Instant now, String runId) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, delivery.deliveryId(), "/hooks/" + trigger.id(),
                CloudEvent.WEBHOOK_RECEIVED, now.toString(), parsed.contentType(), parsed.data(),
                trigger.id(), trigger.workflowId(), runId);
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
                    claim.key().triggerId(), claim.key().deliveryId(), refused.reason(), claim.runId());
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
     * The event is durable on SQS, so the answer is 202 whatever happens here. If the answer cannot be stored, the
     * claim's lease is given up: a duplicate then takes it over and re-sends under the same run id (dropped by the
     * step side) instead of waiting with 409.
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

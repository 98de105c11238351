package io.hookrun.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.lambda.http.HttpResponses;
import io.hookrun.lambda.http.ProblemDetail;
import io.hookrun.core.idempotency.DeliveryClaims;
import io.hookrun.core.idempotency.DeliveryClaims.Decision;
import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.signature.SignatureVerificationException;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.signature.VerifiedDelivery;
import io.hookrun.core.signature.WebhookRequest;
import io.hookrun.core.trigger.Trigger;
import io.micronaut.serde.annotation.Serdeable;
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

/**
 * The webhook path: size check, trigger, signature, delivery claim, enqueue, answer. It touches only
 * DynamoDB and SQS, so webhooks keep being accepted while PostgreSQL is down.
 *
 * <p>Order matters. The signature is checked before the body is parsed (unauthenticated bytes are never
 * interpreted) and before anything is written (a forged request changes nothing). The 202 is sent only
 * once SQS has the event; if the send fails, the claim is released so the sender's retry is accepted instead
 * of being swallowed as a duplicate of an event that was never queued.
 */
@Singleton
public class WebhookIngestion {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIngestion.class);
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Duration ENQUEUE_RETRY_AFTER = Duration.ofSeconds(5);

    private final TriggerCache triggers;
    private final SignatureVerifier verifier;
    private final DeliveryClaims claims;
    private final StepQueue queue;
    private final WebhookBodyParser bodyParser;
    private final HttpResponses responses;
    private final Clock clock;
    private final int maxBodyBytes;

    public WebhookIngestion(TriggerCache triggers, SignatureVerifier verifier, DeliveryClaims claims, StepQueue queue,
                            WebhookBodyParser bodyParser, HttpResponses responses, Clock clock,
                            HookrunConfiguration config) {
        this.triggers = triggers;
        this.verifier = verifier;
        this.claims = claims;
        this.queue = queue;
        this.bodyParser = bodyParser;
        this.responses = responses;
        this.clock = clock;
        this.maxBodyBytes = config.maxBodyBytes();
    }

    /**
     * @param remaining the invocation's remaining time: the longest this claim can stay legitimately IN_PROGRESS
     */
    public APIGatewayV2HTTPResponse accept(String triggerId, Map<String, String> headers, byte[] body, Duration remaining) {
        try {
            return acceptOrThrow(triggerId, headers, body, remaining);
        } catch (RuntimeException e) {
            // DynamoDB unreachable or throttling before anything was claimed: nothing was accepted, say so.
            LOG.error("webhook for trigger {} failed before it was accepted: {}", triggerId, e.toString());
            return responses.problem(ProblemDetail.of(503, "unavailable", "Temporarily unavailable",
                    "the event was not accepted; retry it"), Map.of("Retry-After", Long.toString(ENQUEUE_RETRY_AFTER.toSeconds())));
        }
    }

    private APIGatewayV2HTTPResponse acceptOrThrow(String triggerId, Map<String, String> headers, byte[] body,
                                                   Duration remaining) {
        if (body.length > maxBodyBytes) {
            return responses.problem(413, "payload-too-large", "Payload too large",
                    "the body has " + body.length + " bytes; this deployment accepts at most " + maxBodyBytes);
        }
        Optional<Trigger> found = triggerId == null ? Optional.empty() : triggers.find(triggerId);
        if (found.isEmpty()) {
            return responses.problem(404, "unknown-trigger", "Unknown trigger", "no trigger has the id '" + triggerId + "'");
        }
        Trigger trigger = found.get();
        Instant now = clock.instant();
        WebhookRequest request = new WebhookRequest(headers, body);
        VerifiedDelivery delivery;
        try {
            delivery = verifier.verify(trigger.signatureScheme(), request, trigger.secrets(), now);
        } catch (SignatureVerificationException e) {
            return responses.problem(401, "invalid-signature", "Invalid signature", e.getMessage());
        }
        WebhookBodyParser.ParsedBody parsed;
        try {
            parsed = bodyParser.parse(request);
        } catch (WebhookBodyParser.MalformedBodyException e) {
            return responses.problem(400, "malformed-body", "Malformed body", e.getMessage());
        }

        DeliveryKey key = new DeliveryKey(trigger.id(), delivery.deliveryId());
        Decision decision = claims.begin(key, sha256(body), now, remaining);
        return switch (decision) {
            case Decision.Proceed claim -> enqueue(claim, trigger, delivery, parsed, now);
            case Decision.Replay replay -> responses.rawJson(replay.status(), replay.body(), Map.of(REPLAYED_HEADER, "true"));
            case Decision.InProgress inProgress -> responses.problem(
                    ProblemDetail.of(409, "delivery-in-progress", "Delivery in progress",
                            "another copy of delivery '" + delivery.deliveryId() + "' is being accepted right now"),
                    Map.of("Retry-After", Long.toString(inProgress.retryAfter().toSeconds())));
            case Decision.PayloadMismatch ignored -> responses.problem(422, "delivery-id-reused", "Delivery id reused",
                    "delivery '" + delivery.deliveryId() + "' was accepted before with a different body");
        };
    }

    private APIGatewayV2HTTPResponse enqueue(Decision.Proceed claim, Trigger trigger, VerifiedDelivery delivery,
                                             WebhookBodyParser.ParsedBody parsed, Instant now) {
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, delivery.deliveryId(), "/hooks/" + trigger.id(),
                CloudEvent.WEBHOOK_RECEIVED, now.toString(), parsed.contentType(), parsed.data(),
                trigger.id(), trigger.workflowId(), claim.runId());
        try {
            queue.sendEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("enqueue failed for trigger {} delivery {}; releasing the claim so a retry is accepted: {}",
                    trigger.id(), delivery.deliveryId(), e.toString());
            boolean released = releaseQuietly(claim);
            // If the claim could not be released, the retry must wait for its lease to run out.
            Duration retryAfter = released ? ENQUEUE_RETRY_AFTER : Duration.ofSeconds(30);
            return responses.problem(ProblemDetail.of(503, "enqueue-failed", "Temporarily unavailable",
                            "the event could not be queued and was not accepted; retry it"),
                    Map.of("Retry-After", Long.toString(retryAfter.toSeconds())));
        }
        String body = responses.toJson(new Accepted(delivery.deliveryId(), claim.runId(), "QUEUED"));
        try {
            if (!claims.complete(claim, 202, body)) {
                LOG.warn("claim for delivery {} was taken over before completion", delivery.deliveryId());
            }
        } catch (RuntimeException e) {
            // The event is durable on SQS: answer 202. The claim stays IN_PROGRESS until its lease ends; a retry
            // after that re-queues under the same run id, and the workflow side drops the copy.
            LOG.warn("could not record the answer for delivery {}: {}", delivery.deliveryId(), e.toString());
        }
        return responses.rawJson(202, body, Map.of());
    }

    private boolean releaseQuietly(Decision.Proceed claim) {
        try {
            return claims.release(claim);
        } catch (RuntimeException e) {
            LOG.warn("could not release claim: {}", e.toString());
            return false;
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The 202 body. */
    @Serdeable
    public record Accepted(String eventId, String runId, String status) {
    }
}

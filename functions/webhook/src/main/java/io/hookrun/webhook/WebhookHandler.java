package io.hookrun.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpApiHandler;
import io.hookrun.lambda.http.HttpApiRequest;
import io.hookrun.lambda.http.ProblemDetail;
import io.hookrun.lambda.telemetry.MetricNames;
import io.hookrun.lambda.telemetry.Metrics;
import io.hookrun.core.message.MessageRefusedException;
import io.hookrun.webhook.IngestionOutcome.Accepted;
import io.hookrun.webhook.IngestionOutcome.EventTooLarge;
import io.hookrun.webhook.IngestionOutcome.HeadersTooLarge;
import io.hookrun.webhook.IngestionOutcome.MalformedTriggerId;
import io.hookrun.webhook.IngestionOutcome.QueueRefused;
import io.hookrun.webhook.IngestionOutcome.RateLimited;
import io.hookrun.webhook.IngestionOutcome.DeliveryIdReused;
import io.hookrun.webhook.IngestionOutcome.InProgress;
import io.hookrun.webhook.IngestionOutcome.InvalidSignature;
import io.hookrun.webhook.IngestionOutcome.Filtered;
import io.hookrun.webhook.IngestionOutcome.InvalidEvent;
import io.hookrun.webhook.IngestionOutcome.SchemaViolations;
import io.hookrun.webhook.IngestionOutcome.PayloadTooLarge;
import io.hookrun.webhook.IngestionOutcome.Replayed;
import io.hookrun.webhook.IngestionOutcome.TriggerDisabled;
import io.hookrun.webhook.IngestionOutcome.Unavailable;
import io.hookrun.webhook.IngestionOutcome.UnknownTrigger;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * WebhookFunction: {@code POST /hooks/{triggerId}} (HTTP API, payload format 2.0). Hands the request to
 * {@link WebhookIngestion} and maps its {@link IngestionOutcome} to the status table of the README: errors are RFC
 * 9457 problems whose {@code type} slugs are stable, so senders can switch on them. A bug escapes as an exception,
 * and {@link HttpApiHandler} answers it 500 with the request id.
 *
 * <p>Metrics (ADR 0008, {@link MetricNames}): every request counts {@code EventsReceived}, then exactly one of
 * {@code EventsAccepted} (with its {@code IngestLatency}), {@code EventsFiltered}, {@code EventsReplayed} (a duplicate
 * answered again) or {@code EventsRefused} with the problem slug as its {@code Reason} (a fixed set: the slugs of
 * this class).
 */
public class WebhookHandler extends HttpApiHandler {

    /** Marks an answer given again to a duplicate (the IETF idempotency-key draft's name for it). */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    public static final String RETRY_AFTER_HEADER = "Retry-After";
    /** The problem slug, and {@code Reason}, of a delivery to a disabled trigger. */
    static final String TRIGGER_DISABLED = "trigger-disabled";
    /**
     * How long a sender is asked to wait before delivering to a disabled trigger again: an hour, a pause a person
     * decided on, not a blip (ADR 0009: 423, not 410, so that retrying senders keep the delivery).
     */
    static final Duration TRIGGER_DISABLED_RETRY_AFTER = Duration.ofHours(1);

    @Inject
    WebhookIngestion ingestion;

    @Inject
    Clock clock;

    /** Used by the Lambda runtime. */
    public WebhookHandler() {
    }

    /** Used by {@code ./hookrun local} and tests: the context is built from this builder, as on Lambda. */
    public WebhookHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpApiRequest request, Invocation invocation) {
        long receivedAt = clock.millis();
        metrics.count(MetricNames.EVENTS_RECEIVED, Map.of());
        IngestionOutcome outcome = ingestion.accept(request.path(), request.pathParameter("triggerId").orElse(null),
                request.headers(), request.body(), invocation.deadline().remaining());
        record(outcome, receivedAt);
        return answer(outcome);
    }

    /** One metric per outcome (see the class comment). */
    private void record(IngestionOutcome outcome, long receivedAt) {
        switch (outcome) {
            case Accepted ignored -> {
                metrics.count(MetricNames.EVENTS_ACCEPTED, Map.of());
                metrics.record(MetricNames.INGEST_LATENCY, Math.max(0, clock.millis() - receivedAt),
                        Metrics.Unit.MILLISECONDS, Map.of());
            }
            case Filtered ignored -> metrics.count(MetricNames.EVENTS_FILTERED, Map.of());
            case Replayed ignored -> metrics.count(MetricNames.EVENTS_REPLAYED, Map.of());
            default -> metrics.count(MetricNames.EVENTS_REFUSED, Map.of(MetricNames.REASON, refusalReason(outcome)));
        }
    }

    /** The problem slug the outcome is answered with: the {@code Reason} of {@code EventsRefused}. */
    static String refusalReason(IngestionOutcome outcome) {
        return switch (outcome) {
            case InProgress ignored -> "delivery-in-progress";
            case Unavailable unavailable -> switch (unavailable.dependency()) {
                case STEPS_QUEUE -> "enqueue-failed";
                case TRIGGERS, RATE_LIMITS, DELIVERY_CLAIMS -> "unavailable";
            };
            case PayloadTooLarge ignored -> "payload-too-large";
            case RateLimited ignored -> "rate-limited";
            case EventTooLarge ignored -> "payload-too-large";
            case QueueRefused refused -> refused.reason() == MessageRefusedException.Reason.TOO_LARGE
                    ? "payload-too-large" : "unqueueable-content";
            case HeadersTooLarge ignored -> "headers-too-large";
            case MalformedTriggerId ignored -> "unknown-trigger";
            case UnknownTrigger ignored -> "unknown-trigger";
            case TriggerDisabled ignored -> TRIGGER_DISABLED;
            case InvalidSignature ignored -> "invalid-signature";
            case InvalidEvent invalid -> invalid.problem().slug();
            case SchemaViolations ignored -> "schema-violation";
            case DeliveryIdReused ignored -> "delivery-id-reused";
            case Accepted ignored -> "none";
            case Filtered ignored -> "none";
            case Replayed ignored -> "none";
        };
    }

    private APIGatewayV2HTTPResponse answer(IngestionOutcome outcome) {
        return switch (outcome) {
            case Accepted accepted -> responses.json(202, AcceptedAnswer.queued(accepted));
            case Filtered filtered -> responses.json(202, AcceptedAnswer.filtered(filtered));
            case Replayed replayed -> responses.rawJson(replayed.status(), replayed.storedBody(),
                    Map.of(REPLAYED_HEADER, "true"));
            case InProgress inProgress -> responses.problem(ProblemDetail.of(409, "delivery-in-progress",
                            "Delivery in progress", "another copy of delivery '" + inProgress.deliveryId()
                                    + "' is being accepted right now"),
                    retryAfter(inProgress.retryAfter()));
            case Unavailable unavailable -> responses.problem(unavailable(unavailable), retryAfter(unavailable.retryAfter()));
            case PayloadTooLarge tooLarge -> responses.problem(413, "payload-too-large", "Payload too large",
                    "the body has " + tooLarge.bodyBytes() + " bytes; "
                            + (tooLarge.triggerLimit() ? "this trigger" : "this deployment") + " accepts at most "
                            + tooLarge.maxBodyBytes());
            case RateLimited limited -> responses.problem(ProblemDetail.of(429, "rate-limited", "Rate limited",
                            "trigger '" + limited.triggerId() + "' accepts no more events right now; retry after "
                                    + retrySeconds(limited.retryAfter()) + " s"),
                    retryAfter(limited.retryAfter()));
            case EventTooLarge tooLarge -> responses.problem(413, "payload-too-large", "Payload too large",
                    "the body has " + tooLarge.bodyBytes() + " bytes, but in the event envelope it travels in (the"
                            + " CloudEvent attributes, and escapes for characters the queue does not take) it would"
                            + " take " + tooLarge.messageBytes() + " bytes of the queue's " + tooLarge.maxMessageBytes()
                            + "; send a smaller body");
            case QueueRefused refused -> refused.reason() == MessageRefusedException.Reason.TOO_LARGE
                    ? responses.problem(413, "payload-too-large", "Payload too large",
                            "the event in its envelope is larger than the queue takes; send a smaller body")
                    : responses.problem(400, "unqueueable-content", "Content the queue refuses",
                            "the queue refused the event's characters; the event was not accepted");
            case HeadersTooLarge headers -> responses.problem(431, "headers-too-large", "Request headers too large",
                    headers.header() == null
                            ? "the headers have " + headers.bytes() + " bytes together; at most " + headers.maxBytes()
                                    + " are accepted"
                            : "header '" + headers.header() + "' has " + headers.bytes() + " bytes; at most "
                                    + headers.maxBytes() + " are accepted");
            case MalformedTriggerId ignored -> responses.problem(404, "unknown-trigger", "Unknown trigger",
                    "the path does not name a trigger: trigger ids are 1 to 128 letters, digits, '_', '.' or '-',"
                            + " starting with a letter or digit");
            case UnknownTrigger unknown -> responses.problem(404, "unknown-trigger", "Unknown trigger",
                    unknown.triggerId() == null ? "the path names no trigger"
                            : "no trigger has the id '" + unknown.triggerId() + "'");
            case TriggerDisabled disabled -> responses.problem(ProblemDetail.of(423, TRIGGER_DISABLED,
                            "Trigger disabled", "trigger '" + disabled.triggerId() + "' is disabled; deliveries are"
                                    + " accepted again once it is enabled"),
                    retryAfter(TRIGGER_DISABLED_RETRY_AFTER));
            case InvalidSignature invalid -> responses.problem(401, "invalid-signature", "Invalid signature",
                    invalid.detail());
            case InvalidEvent invalid -> responses.problem(invalid.problem().status(), invalid.problem().slug(),
                    invalid.problem().title(), invalid.detail());
            case SchemaViolations schema -> responses.problem(ProblemDetail.of(422, "schema-violation",
                    "Schema violation", "the event's data does not match the trigger's JSON Schema: "
                            + schema.violations().size() + " violation(s), each in errors with its JSON pointer "
                            + "into data").withErrors(schema.violations()), Map.of());
            case DeliveryIdReused reused -> responses.problem(422, "delivery-id-reused", "Delivery id reused",
                    "delivery '" + reused.deliveryId() + "' was seen before with a different body");
        };
    }

    private static ProblemDetail unavailable(Unavailable unavailable) {
        return switch (unavailable.dependency()) {
            case STEPS_QUEUE -> ProblemDetail.of(503, "enqueue-failed", "Temporarily unavailable",
                    "the event could not be queued and was not accepted; retry it");
            case TRIGGERS, RATE_LIMITS, DELIVERY_CLAIMS -> ProblemDetail.of(503, "unavailable", "Temporarily unavailable",
                    "a service hookrun depends on did not answer; the event was not accepted, retry it");
        };
    }

    /** Whole seconds, rounded up: a sender that retries a fraction early would only be told to wait again. */
    private static Map<String, String> retryAfter(Duration wait) {
        return Map.of(RETRY_AFTER_HEADER, Long.toString(retrySeconds(wait)));
    }

    private static long retrySeconds(Duration wait) {
        return Math.max(1, wait.plusNanos(999_999_999).toSeconds());
    }
}

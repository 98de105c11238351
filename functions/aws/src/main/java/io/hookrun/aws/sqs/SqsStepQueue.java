package io.hookrun.aws.sqs;

import io.hookrun.core.message.MessageRefusedException;
import io.hookrun.core.message.PreparedEvent;
import io.hookrun.core.message.SqsMessageText;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.trace.TraceContext;
import io.hookrun.core.trace.TraceHeader;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The steps queue: accepted events and direct starts (which start runs) and workflow steps travel on it, told apart by the
 * {@value #KIND_ATTRIBUTE} message attribute. SQS carries retries; what keeps failing moves to the DLQ.
 * <p>
 * Every body is written as SQS-safe JSON ({@link SqsMessageText}). An event message carries its trigger id as
 * {@code MessageGroupId}: on a standard queue that makes it a fair queue, where one trigger's backlog does not hold
 * back the others' messages (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-fair-queues.html);
 * unlike on a FIFO queue it orders nothing, and messages of one group are still received in parallel. (ElasticMQ, the
 * local stand-in, takes the parameter on a standard queue too: {@code SqsStepQueueIT}.)
 * <p>
 * SQS's answers that blame the message itself (characters it does not take, too large) become
 * {@link MessageRefusedException}: the same message would be refused again, so they are not an outage.
 * <p>
 * Every message carries the current trace ({@link TraceContext}) as its {@code AWSTraceHeader} system attribute, so
 * the step invocation that receives it continues the webhook's trace (ADR 0008); SQS counts it toward neither the
 * message size nor the attribute quota (https://docs.aws.amazon.com/xray/latest/devguide/xray-services-sqs.html).
 */
@Singleton
public class SqsStepQueue implements StepQueue {

    public static final String KIND_ATTRIBUTE = "hookrun-kind";
    public static final String KIND_EVENT = "event";
    public static final String KIND_STEP = "step";
    public static final String KIND_START = "start";
    /** SQS's string attribute data type. */
    private static final String STRING = "String";

    private final SqsClient sqs;
    private final JsonText json;
    private final String queueUrl;

    public SqsStepQueue(SqsClient sqs, JsonText json, HookrunConfiguration config) {
        this.sqs = sqs;
        this.json = json;
        this.queueUrl = config.requiredStepsQueueUrl();
    }

    @Override
    public void sendEvent(CloudEvent event) {
        sendEvent(prepareEvent(event));
    }

    @Override
    public PreparedEvent prepareEvent(CloudEvent event) {
        String body = SqsMessageText.escape(json.write(event));
        return new PreparedEvent(event, body, SqsMessageText.utf8Bytes(body) + attributeBytes(KIND_EVENT));
    }

    @Override
    public void sendEvent(PreparedEvent event) {
        send(r -> r.messageBody(event.body()).messageGroupId(event.event().hookruntriggerid())
                .messageAttributes(kind(KIND_EVENT)));
    }

    @Override
    public void sendStart(StartRunMessage start) {
        send(r -> r.messageBody(text(start)).messageAttributes(kind(KIND_START)));
    }

    @Override
    public void sendStep(StepMessage step, int delaySeconds) {
        send(r -> r.messageBody(text(step)).delaySeconds(Math.clamp(delaySeconds, 0, MAX_DELAY_SECONDS))
                .messageAttributes(kind(KIND_STEP)));
    }

    /** Delays the next delivery of a failed message: exponential back-off instead of the full visibility timeout. */
    public void retryAfter(String receiptHandle, int seconds) {
        sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds));
    }

    /** A copy of a received message, delayed; see {@link StepQueue#resend}. SQS allows 0-900 s of delay. */
    @Override
    public void resend(String body, Map<String, String> attributes, int delaySeconds) {
        Map<String, MessageAttributeValue> values = new HashMap<>();
        attributes.forEach((name, value) -> values.put(name,
                MessageAttributeValue.builder().dataType(STRING).stringValue(value).build()));
        send(r -> r.messageBody(body).messageAttributes(values)
                .delaySeconds(Math.clamp(delaySeconds, 0, MAX_DELAY_SECONDS)));
    }

    public String queueUrl() {
        return queueUrl;
    }

    private String text(Object message) {
        return SqsMessageText.escape(json.write(message));
    }

    private void send(Consumer<SendMessageRequest.Builder> message) {
        Map<MessageSystemAttributeNameForSends, MessageSystemAttributeValue> trace = traceAttribute();
        try {
            sqs.sendMessage(r -> {
                message.accept(r.queueUrl(queueUrl));
                if (!trace.isEmpty()) {
                    r.messageSystemAttributes(trace);
                }
            });
        } catch (SqsException e) {
            MessageRefusedException.Reason reason = refusal(e);
            if (reason == null) {
                throw e;
            }
            throw new MessageRefusedException(reason, reason == MessageRefusedException.Reason.TOO_LARGE
                    ? "the message is over the queue's largest size" : "the queue refused the message's characters", e);
        }
    }

    /**
     * Whether SQS refused the message for what it contains, and why; null for any other answer (an outage, or a bug
     * of ours such as an invalid parameter). SQS answers {@code InvalidMessageContents} for characters it does not
     * take, and for a message over {@code MaximumMessageSize} 400 {@code InvalidParameterValue} "Message must be
     * shorter than N bytes", having no code of its own for it. ElasticMQ answers both as 400
     * {@code InvalidAttributeValue} with the message {@code InvalidMessageContents} or {@code MessageTooLong}.
     */
    private static MessageRefusedException.Reason refusal(SqsException e) {
        if (e instanceof InvalidMessageContentsException) {
            return MessageRefusedException.Reason.INVALID_CONTENTS;
        }
        if (e.statusCode() != 400 || e.awsErrorDetails() == null) {
            return null;
        }
        String code = String.valueOf(e.awsErrorDetails().errorCode());
        String message = String.valueOf(e.awsErrorDetails().errorMessage());
        if (code.contains("InvalidMessageContents") || message.contains("InvalidMessageContents")) {
            return MessageRefusedException.Reason.INVALID_CONTENTS;
        }
        boolean tooLong = code.contains("MessageTooLong") || message.contains("MessageTooLong")
                || (code.contains("InvalidParameterValue") && message.toLowerCase(Locale.ROOT).contains("shorter than"));
        return tooLong ? MessageRefusedException.Reason.TOO_LARGE : null;
    }

    /** The current trace header as SendMessage's {@code MessageSystemAttributes}; empty without one. */
    static Map<MessageSystemAttributeNameForSends, MessageSystemAttributeValue> traceAttribute() {
        return TraceContext.current().map(TraceHeader::toString)
                .map(header -> Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                        MessageSystemAttributeValue.builder().dataType(STRING).stringValue(header).build()))
                .orElse(Map.of());
    }

    private static Map<String, MessageAttributeValue> kind(String kind) {
        return Map.of(KIND_ATTRIBUTE, MessageAttributeValue.builder().dataType(STRING).stringValue(kind).build());
    }

    /** SQS counts each attribute's name, data type and value toward the message size. */
    private static int attributeBytes(String kind) {
        return SqsMessageText.utf8Bytes(KIND_ATTRIBUTE) + SqsMessageText.utf8Bytes(STRING) + SqsMessageText.utf8Bytes(kind);
    }
}

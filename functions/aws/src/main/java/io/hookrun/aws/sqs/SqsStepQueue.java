package io.hookrun.aws.sqs;

import io.hookrun.core.message.StepQueue;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.json.JsonText;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.HashMap;
import java.util.Map;

/**
 * The steps queue: accepted events and direct starts (which start runs) and workflow steps travel on it, told apart by the
 * {@value #KIND_ATTRIBUTE} message attribute. SQS carries retries; what keeps failing moves to the DLQ.
 */
@Singleton
public class SqsStepQueue implements StepQueue {

    public static final String KIND_ATTRIBUTE = "hookrun-kind";
    public static final String KIND_EVENT = "event";
    public static final String KIND_STEP = "step";
    public static final String KIND_START = "start";

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
        send(KIND_EVENT, event, 0);
    }

    @Override
    public void sendStart(StartRunMessage start) {
        send(KIND_START, start, 0);
    }

    @Override
    public void sendStep(StepMessage step, int delaySeconds) {
        send(KIND_STEP, step, delaySeconds);
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
                MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body).messageAttributes(values)
                .delaySeconds(Math.clamp(delaySeconds, 0, MAX_DELAY_SECONDS)));
    }

    public String queueUrl() {
        return queueUrl;
    }

    private void send(String kind, Object body, int delaySeconds) {
        String text = json.write(body);
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(text).delaySeconds(Math.clamp(delaySeconds, 0, MAX_DELAY_SECONDS))
                .messageAttributes(Map.of(KIND_ATTRIBUTE, MessageAttributeValue.builder().dataType("String").stringValue(kind).build())));
    }
}

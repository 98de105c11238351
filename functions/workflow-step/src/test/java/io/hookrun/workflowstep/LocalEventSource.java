package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A small stand-in for Lambda's SQS event source mapping with {@code ReportBatchItemFailures}: receive a batch (with
 * the system attributes Lambda passes), invoke the handler with a Context whose remaining time is the function's
 * timeout, delete the records not listed as failures. Failed records come back when their visibility ends; the queue's
 * redrive policy moves them to the DLQ after maxReceiveCount receives, as SQS does.
 */
final class LocalEventSource {

    private static final int TIMEOUT_MILLIS = 30_000;

    private final SqsClient sqs;
    private final String queueUrl;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private int invocations;
    private int records;

    LocalEventSource(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.handler = handler;
    }

    /** Polls and invokes until {@code done}; fails when that takes longer than {@code guard}. */
    void runUntil(BooleanSupplier done, Duration guard) {
        long end = System.nanoTime() + guard.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not done after " + guard + " (" + invocations + " invocations)");
            }
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            if (!messages.isEmpty()) {
                deliver(messages);
            }
        }
    }

    int invocations() {
        return invocations;
    }

    /** Records delivered to the handler, over all invocations. */
    int records() {
        return records;
    }

    private void deliver(List<Message> messages) {
        invocations++;
        records += messages.size();
        SQSBatchResponse response = handler.handleRequest(event(messages), context());
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private static SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            m.messageAttributes().forEach((k, v) -> messageAttributes.put(k, StepFixture.stringAttribute(v.stringValue())));
            record.setMessageAttributes(messageAttributes);
            record.setEventSource("aws:sqs");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** A Context that reports the whole timeout as remaining when the invocation starts. */
    static Context context() {
        long startedAt = System.nanoTime();
        return new Context() {
            @Override public String getAwsRequestId() { return "local-" + startedAt; }
            @Override public String getLogGroupName() { return "local"; }
            @Override public String getLogStreamName() { return "local"; }
            @Override public String getFunctionName() { return "WorkflowStepFunction"; }
            @Override public String getFunctionVersion() { return "$LATEST"; }
            @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:local"; }
            @Override public CognitoIdentity getIdentity() { return null; }
            @Override public ClientContext getClientContext() { return null; }
            @Override public int getRemainingTimeInMillis() {
                return (int) Math.max(0, TIMEOUT_MILLIS - (System.nanoTime() - startedAt) / 1_000_000);
            }
            @Override public int getMemoryLimitInMB() { return 1024; }
            @Override public LambdaLogger getLogger() { return null; }
        };
    }
}

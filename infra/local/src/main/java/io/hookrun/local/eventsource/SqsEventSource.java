package io.hookrun.local.eventsource;

import io.hookrun.testsupport.emulator.AwsDefaults;
import io.hookrun.local.function.FunctionHost;
import io.hookrun.local.function.InvocationKilledException;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The SQS event source mapping, emulated: polls the queue, invokes the function with a batch, and deletes
 * what succeeded. With {@code ReportBatchItemFailures}, records listed in {@code batchItemFailures} stay on the
 * queue; a listed id that is not in the batch, or a handler that throws, fails the whole batch, as Lambda
 * does. Failed messages come back after their visibility timeout; the queue's redrive policy moves them to
 * the DLQ after maxReceiveCount.
 *
 * <p>Several pollers run side by side, each receiving a batch and invoking the function with it, so batches are
 * processed concurrently as on Lambda, which "starts processing five batches at a time with five concurrent
 * invocations" (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html). One slow batch then no
 * longer holds up the rest of the queue. Locally the invocations share the function's one instance (its
 * {@link FunctionHost}), where Lambda would give each its own execution environment.
 */
public final class SqsEventSource implements AutoCloseable {

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final FunctionHost function;
    private final int batchSize;
    private final boolean reportBatchItemFailures;
    private final int deliveryCopies;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> pollers = new ArrayList<>();

    /**
     * Starts polling at once, with {@code pollers} threads of its own, each invoking the function with the batch it
     * received; {@link #close()} stops them.
     *
     * @param pollers concurrent pollers, so at most this many invocations at a time (at least 1)
     */
    public SqsEventSource(SqsClient sqs, String queueUrl, String queueArn, FunctionHost function, int batchSize,
                          boolean reportBatchItemFailures, int pollers) {
        this(sqs, queueUrl, queueArn, function, batchSize, reportBatchItemFailures, pollers, 1);
    }

    /**
     * As {@link #SqsEventSource(SqsClient, String, String, FunctionHost, int, boolean, int)}, invoking the function
     * {@code deliveryCopies} times with every batch it receives, one after the other, before deleting what succeeded
     * (a record any copy reports failed stays on the queue). SQS standard queues deliver at least once: this makes
     * "at least once" "every time three times", so a test or a developer sees that duplicates change no result.
     */
    public SqsEventSource(SqsClient sqs, String queueUrl, String queueArn, FunctionHost function, int batchSize,
                          boolean reportBatchItemFailures, int pollers, int deliveryCopies) {
        if (deliveryCopies < 1) {
            throw new IllegalArgumentException("every message is delivered at least once, got " + deliveryCopies + " copies");
        }
        this.deliveryCopies = deliveryCopies;
        if (pollers < 1) {
            throw new IllegalArgumentException("an event source needs at least one poller, got " + pollers);
        }
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.function = function;
        this.batchSize = Math.min(Math.max(batchSize, 1), 10);
        this.reportBatchItemFailures = reportBatchItemFailures;
        for (int i = 1; i <= pollers; i++) {
            this.pollers.add(Thread.ofPlatform().daemon().name("sqs-poller-" + function.logicalId() + "-" + i).start(this::poll));
        }
    }

    /** How many pollers run: the most invocations of the function this mapping makes at a time. */
    public int pollers() {
        return pollers.size();
    }

    private void poll() {
        while (running.get()) {
            try {
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                        .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All")).messages();
                if (!messages.isEmpty()) {
                    deliver(messages);
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    System.err.println("[" + function.logicalId() + "] SQS poll failed: " + e.getMessage());
                    sleep();
                }
            }
        }
    }

    private void deliver(List<Message> messages) {
        Set<String> failed = new java.util.HashSet<>();
        for (int copy = 1; copy <= deliveryCopies; copy++) {
            try {
                SQSBatchResponse response = function.invoke(event(messages), SQSBatchResponse.class);
                failed.addAll(BatchOutcome.toKeep(messages.stream().map(Message::messageId).toList(), response,
                        reportBatchItemFailures));
            } catch (InvocationKilledException e) {
                // As on Lambda after a timeout or a crash: no response, nothing deleted, the batch's messages come back
                // once their visibility timeout has passed.
                System.err.println("[" + function.logicalId() + "] invocation killed (--kill-after-call): its "
                        + messages.size() + " message(s) come back after their visibility timeout");
                return;
            } catch (RuntimeException e) {
                System.err.println("[" + function.logicalId() + "] invocation failed, the whole batch will be retried: " + e);
                return;
            }
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                        .receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            var result = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
            result.failed().forEach(f -> System.err.println("[" + function.logicalId() + "] delete failed: " + f.message()));
        }
    }

    private SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setMd5OfBody(m.md5OfBody());
            record.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            m.messageAttributes().forEach((k, v) -> {
                SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
                attribute.setDataType(v.dataType());
                attribute.setStringValue(v.stringValue());
                if (v.binaryValue() != null) {
                    attribute.setBinaryValue(v.binaryValue().asByteBuffer());
                }
                messageAttributes.put(k, attribute);
            });
            record.setMessageAttributes(messageAttributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(AwsDefaults.REGION);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling; waits up to 3 s in all for batches being processed (a slow one is left to finish alone). */
    @Override
    public void close() {
        running.set(false);
        long deadline = System.nanoTime() + 3_000_000_000L;
        try {
            for (Thread poller : pollers) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    poller.join(Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

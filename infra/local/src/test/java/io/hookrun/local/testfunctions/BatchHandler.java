package io.hookrun.local.testfunctions;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test function for the SQS event source: records every delivery (in {@link #DELIVERIES}, by the function's
 * {@code TEST_NAME}), reports records whose body is {@code fail} as batch item failures, and throws when a
 * body is {@code throw}. A record whose body is {@value #RENDEZVOUS} waits (up to 10 s) for a second such record
 * to be in the function at the same time, and is reported failed when none comes: only concurrent invocations
 * get both through. Loaded from the class path, so the test sees the same static state.
 */
public class BatchHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

    /** One delivered record. */
    public record Delivery(String messageId, String body, int receiveCount, String eventSource, String eventSourceArn,
                           String awsRegion, Map<String, String> attributes, Map<String, String> messageAttributes) { }

    public static final Map<String, Queue<Delivery>> DELIVERIES = new ConcurrentHashMap<>();

    public static final String RENDEZVOUS = "rendezvous";
    /** {@code met} or {@code alone}, one per {@value #RENDEZVOUS} record, in the order they finished waiting. */
    public static final Queue<String> RENDEZVOUS_OUTCOMES = new ConcurrentLinkedQueue<>();
    private static final CyclicBarrier PAIR = new CyclicBarrier(2);

    public BatchHandler() {
    }

    public BatchHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    public static List<Delivery> deliveries(String testName) {
        return List.copyOf(DELIVERIES.getOrDefault(testName, new ConcurrentLinkedQueue<>()));
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        String name = getApplicationContext().getRequiredProperty("test.name", String.class);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        boolean explode = false;
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            Map<String, String> messageAttributes = new java.util.HashMap<>();
            if (m.getMessageAttributes() != null) {
                m.getMessageAttributes().forEach((k, v) -> messageAttributes.put(k, v.getStringValue()));
            }
            DELIVERIES.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>()).add(new Delivery(m.getMessageId(), m.getBody(),
                    Integer.parseInt(m.getAttributes().get("ApproximateReceiveCount")), m.getEventSource(),
                    m.getEventSourceArn(), m.getAwsRegion(), Map.copyOf(m.getAttributes()), messageAttributes));
            if (RENDEZVOUS.equals(m.getBody()) && !meetAnother()) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
            if ("fail".equals(m.getBody())) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
            explode |= "throw".equals(m.getBody());
        }
        if (explode) {
            throw new IllegalStateException("a record asked this batch to throw");
        }
        return new SQSBatchResponse(failures);
    }

    private static boolean meetAnother() {
        try {
            PAIR.await(10, TimeUnit.SECONDS);
            RENDEZVOUS_OUTCOMES.add("met");
            return true;
        } catch (TimeoutException | BrokenBarrierException e) {
            RENDEZVOUS_OUTCOMES.add("alone");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

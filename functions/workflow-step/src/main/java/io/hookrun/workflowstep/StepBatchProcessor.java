package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.time.Deadline;
import io.hookrun.core.trace.TraceContext;
import io.hookrun.core.trace.TraceHeader;
import io.hookrun.workflowstep.StepRecordProcessor.Outcome;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Processes an SQS batch with partial failures. Records are independent, so up to
 * {@code hookrun.step.batch-concurrency} of them run at once. A failure in one record never fails or deletes the
 * others, and a record that did not succeed is never reported as a success: its id goes in {@code batchItemFailures}
 * (an empty list would tell Lambda to delete the whole batch).
 *
 * <p>No record starts with less than {@code hookrun.step.time-margin} of the invocation left: a timed-out invocation
 * returns no partial response, and Lambda would retry the whole batch. The records not started are handed back
 * with their visibility reset to 0, so they are retried at once instead of after the queue's visibility timeout.
 * Failed records come back after 2, 4, 8 ... seconds (at most 5 minutes), so runs resume soon after an outage ends.
 */
@Singleton
public class StepBatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(StepBatchProcessor.class);
    private static final int MAX_BACKOFF_SECONDS = 300;
    /** Kept back at the very end to return the response, even if a record overruns the margin. */
    private static final Duration RESPONSE_TIME = Duration.ofMillis(500);

    private final StepRecordProcessor processor;
    private final StepQueue queue;
    private final StepConfiguration config;

    public StepBatchProcessor(StepRecordProcessor processor, StepQueue queue, StepConfiguration config) {
        this.processor = processor;
        this.queue = queue;
        this.config = config;
    }

    public SQSBatchResponse process(List<SQSMessage> records, Deadline deadline) {
        int count = records.size();
        AtomicReferenceArray<Outcome> outcomes = new AtomicReferenceArray<>(count);
        // Records are taken in order, each right after a look at the deadline: those below `next` were started.
        AtomicInteger next = new AtomicInteger();
        // A worker thread has no trace of its own (TraceContext is not inherited): it starts with the invocation's.
        TraceHeader invocationTrace = TraceContext.current().orElse(null);
        Runnable worker = () -> {
            TraceContext.set(invocationTrace);
            while (deadline.remaining().compareTo(config.timeMargin()) >= 0) {
                int i = next.getAndIncrement();
                if (i >= count) {
                    return;
                }
                outcomes.set(i, processor.process(records.get(i), deadline));
            }
        };
        boolean allEnded = runWorkers(worker, Math.min(Math.max(1, config.batchConcurrency()), count), deadline);

        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SQSMessage record = records.get(i);
            Outcome outcome = outcomes.get(i);
            if (i >= next.get()) {
                outcome = processor.notStarted(record);
            } else if (outcome == null) {
                // Still running at the deadline (allEnded is false): not done, and its claim's lease protects it.
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                continue;
            }
            switch (outcome) {
                case DONE -> { }
                case RETRY -> fail(failures, record, backOffSeconds(Delivery.receiveCount(record)));
                case HAND_BACK, DEAD -> fail(failures, record, 0);
            }
        }
        if (!allEnded) {
            LOG.error("records still running {} before the invocation ends were reported as failures", RESPONSE_TIME);
        }
        return new SQSBatchResponse(failures);
    }

    /** Runs {@code workers} copies of {@code worker}; false when some were still running at the deadline. */
    private static boolean runWorkers(Runnable worker, int workers, Deadline deadline) {
        if (workers <= 1) {
            worker.run();
            return true;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().daemon().name("step-record-", 0).factory());
        try {
            for (int i = 0; i < workers; i++) {
                pool.execute(worker);
            }
            pool.shutdown();
            long waitMillis = deadline.isBounded() ? deadline.remaining(RESPONSE_TIME).toMillis() : Long.MAX_VALUE;
            return pool.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            pool.shutdown();
        }
    }

    private void fail(List<SQSBatchResponse.BatchItemFailure> failures, SQSMessage record, int visibilitySeconds) {
        failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
        try {
            queue.retryAfter(record.getReceiptHandle(), visibilitySeconds);
        } catch (RuntimeException e) {
            LOG.debug("could not set the visibility of {} to {} s: {}", record.getMessageId(), visibilitySeconds, e.toString());
        }
    }

    /** 2, 4, 8 ... seconds after delivery 1, 2, 3 ..., at most {@value #MAX_BACKOFF_SECONDS}. */
    static int backOffSeconds(int receiveCount) {
        return (int) Math.min(MAX_BACKOFF_SECONDS, 1L << Math.clamp(receiveCount, 1, 16));
    }
}

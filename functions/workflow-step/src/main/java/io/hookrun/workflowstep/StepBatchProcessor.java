package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.time.Deadline;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Processes an SQS batch with partial failures. A failure in one record never fails or deletes the others,
 * and a failed record is never reported as a success: an exception anywhere in a record lists its id in
 * {@code batchItemFailures} (an empty list would tell Lambda to delete the whole batch).
 */
@Singleton
public class StepBatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(StepBatchProcessor.class);
    private static final int MAX_BACKOFF_SECONDS = 300;

    private final StepMessageRouter router;
    private final StepQueue queue;
    private final StepConfiguration config;

    public StepBatchProcessor(StepMessageRouter router, StepQueue queue, StepConfiguration config) {
        this.router = router;
        this.queue = queue;
        this.config = config;
    }

    public SQSBatchResponse process(List<SQSMessage> records, Deadline deadline) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSMessage record : records) {
            if (deadline.remaining().compareTo(config.timeMargin()) < 0) {
                // Not started: hand it back untouched instead of risking a timeout that returns no response.
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                continue;
            }
            int receiveCount = receiveCount(record);
            try {
                router.route(record, receiveCount);
            } catch (Exception e) {
                LOG.warn("record {} failed on delivery {}: {}", record.getMessageId(), receiveCount, e.toString());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                backOff(record, receiveCount);
            }
        }
        return new SQSBatchResponse(failures);
    }

    /**
     * Retries come back after 2, 4, 8 ... seconds (at most 5 minutes) instead of the queue's full visibility
     * timeout, so runs resume soon after a database outage ends.
     */
    private void backOff(SQSMessage record, int receiveCount) {
        int seconds = (int) Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(receiveCount, 16));
        try {
            queue.retryAfter(record.getReceiptHandle(), seconds);
        } catch (RuntimeException e) {
            LOG.debug("could not shorten visibility of {}: {}", record.getMessageId(), e.toString());
        }
    }

    private static int receiveCount(SQSMessage record) {
        String count = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}

package io.hookrun.local.eventsource;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which records of a delivered batch stay on the queue, decided as the Lambda SQS event source mapping decides:
 * <ul>
 *   <li>without {@code ReportBatchItemFailures}, a handler that returns means every record succeeded;</li>
 *   <li>with it, the records named in {@code batchItemFailures} stay; an absent or empty list means none;</li>
 *   <li>a failure whose {@code itemIdentifier} is null, empty or not in the batch fails the whole batch.</li>
 * </ul>
 * A handler that throws fails the whole batch; the caller handles that case without asking this class.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html">Handling errors for an SQS event source in Lambda</a>
 */
public final class BatchOutcome {

    private BatchOutcome() {
    }

    /** The message ids to keep (not delete) after the handler returned {@code response}. */
    public static Set<String> toKeep(List<String> batchIds, SQSBatchResponse response, boolean reportBatchItemFailures) {
        if (!reportBatchItemFailures || response == null || response.getBatchItemFailures() == null) {
            return Set.of();
        }
        Set<String> keep = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || id.isBlank() || !batchIds.contains(id)) {
                return Set.copyOf(batchIds);
            }
            keep.add(id);
        }
        return keep;
    }
}

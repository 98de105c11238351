package io.hookrun.local.eventsource;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules Lambda applies to a batch response, as documented for SQS event sources. */
class BatchOutcomeTest {

    private static final List<String> BATCH = List.of("m1", "m2", "m3");

    private static SQSBatchResponse failures(String... ids) {
        List<SQSBatchResponse.BatchItemFailure> list = new ArrayList<>();
        for (String id : ids) {
            list.add(new SQSBatchResponse.BatchItemFailure(id));
        }
        return new SQSBatchResponse(list);
    }

    @Test
    void listedFailures_stay_andTheRestIsDeleted() {
        assertThat(BatchOutcome.toKeep(BATCH, failures("m2"), true)).containsExactly("m2");
    }

    @Test
    void emptyOrAbsentFailureList_meansEveryRecordSucceeded() {
        assertThat(BatchOutcome.toKeep(BATCH, failures(), true)).isEmpty();
        assertThat(BatchOutcome.toKeep(BATCH, new SQSBatchResponse(null), true)).isEmpty();
        assertThat(BatchOutcome.toKeep(BATCH, null, true)).isEmpty();
    }

    @Test
    void anIdNotInTheBatch_failsTheWholeBatch() {
        assertThat(BatchOutcome.toKeep(BATCH, failures("m1", "not-in-batch"), true)).containsExactlyInAnyOrderElementsOf(BATCH);
    }

    @Test
    void aNullOrEmptyId_failsTheWholeBatch() {
        assertThat(BatchOutcome.toKeep(BATCH, failures((String) null), true)).containsExactlyInAnyOrderElementsOf(BATCH);
        assertThat(BatchOutcome.toKeep(BATCH, failures(""), true)).containsExactlyInAnyOrderElementsOf(BATCH);
    }

    @Test
    void withoutReportBatchItemFailures_theResponseIsIgnored_andEverythingIsDeleted() {
        assertThat(BatchOutcome.toKeep(BATCH, failures("m1"), false)).isEmpty();
    }
}

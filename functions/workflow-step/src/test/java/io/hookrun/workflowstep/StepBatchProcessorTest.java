package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.hookrun.aws.sqs.SqsStepQueue;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.InMemoryStepQueue.Resent;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.hookrun.workflowstep.StepFixture.T0;
import static io.hookrun.workflowstep.StepFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link StepBatchProcessor} and the failure handling of {@link StepRecordProcessor}, over the in-memory twins. */
class StepBatchProcessorTest {

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private static List<String> ids(List<SQSMessage> records) {
        return records.stream().map(SQSMessage::getMessageId).toList();
    }

    private static StepFixture fixture(int maxReceiveCount, int concurrency, Duration margin) {
        StepFixture.Settings settings = new StepFixture.Settings();
        settings.maxReceiveCount = maxReceiveCount;
        settings.batchConcurrency = concurrency;
        settings.timeMargin = margin;
        return new StepFixture(settings);
    }

    // ---- the deadline margin ----

    @Test
    void recordsNotStartedBeforeTheDeadlineMargin_areHandedBackAtVisibility0AndNoneIsReportedDone() {
        StepFixture fixture = fixture(3, 4, Duration.ofSeconds(3));
        fixture.workflow("wf-pass", "A", "'A': {'Type': 'Succeed'}");
        List<CloudEvent> events = List.of(fixture.event("wf-pass", "{}"), fixture.event("wf-pass", "{}"),
                fixture.event("wf-pass", "{}"));
        List<SQSMessage> records = events.stream().map(e -> fixture.eventRecord(e, 1)).toList();

        SQSBatchResponse response = fixture.batch.process(records, Deadline.in(Duration.ofSeconds(2)));

        assertThat(failedIds(response)).containsExactlyElementsOf(ids(records));
        for (SQSMessage record : records) {
            assertThat(fixture.queue.visibilityChanges()).containsEntry(record.getReceiptHandle(), 0);
        }
        for (CloudEvent event : events) {
            assertThat(fixture.history.findRun(UUID.fromString(event.hookrunrunid()))).as("never started").isEmpty();
        }
        assertThat(fixture.queue.resent()).isEmpty();
    }

    @Test
    void whenTheMarginIsReachedDuringABatch_theRecordsAfterItAreHandedBackAndOnlyTheFinishedOneIsDone() {
        StepFixture fixture = fixture(3, 1, Duration.ofSeconds(1));
        fixture.workflow("wf-task", "Call", task("Call", "'End': true"));
        fixture.workflow("wf-pass", "A", "'A': {'Type': 'Succeed'}");
        Deadline deadline = Deadline.in(Duration.ofSeconds(4));
        fixture.http.answer = call -> {
            while (deadline.remaining().compareTo(Duration.ofSeconds(1)) >= 0) {
                sleep(20); // the first record's call takes the invocation into the margin
            }
            return StepFixture.ScriptedHttp.ok("{}");
        };
        CloudEvent slow = fixture.event("wf-task", "{}");
        CloudEvent second = fixture.event("wf-pass", "{}");
        CloudEvent third = fixture.event("wf-pass", "{}");
        List<SQSMessage> records = List.of(fixture.eventRecord(slow, 1), fixture.eventRecord(second, 1),
                fixture.eventRecord(third, 1));

        SQSBatchResponse response = fixture.batch.process(records, deadline);

        assertThat(fixture.status(slow)).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(failedIds(response)).containsExactly(records.get(1).getMessageId(), records.get(2).getMessageId());
        assertThat(fixture.queue.visibilityChanges()).containsEntry(records.get(1).getReceiptHandle(), 0)
                .containsEntry(records.get(2).getReceiptHandle(), 0)
                .doesNotContainKey(records.get(0).getReceiptHandle());
        assertThat(fixture.history.findRun(UUID.fromString(second.hookrunrunid()))).isEmpty();
        assertThat(fixture.history.findRun(UUID.fromString(third.hookrunrunid()))).isEmpty();
    }

    @Test
    void aRecordNotStartedOnItsLastDelivery_isResentInsteadOfHandedBackIntoTheDlq() {
        StepFixture fixture = fixture(3, 1, Duration.ofSeconds(3));
        fixture.workflow("wf-pass", "A", "'A': {'Type': 'Succeed'}");
        SQSMessage last = fixture.eventRecord(fixture.event("wf-pass", "{}"), 3);

        SQSBatchResponse response = fixture.batch.process(List.of(last), Deadline.in(Duration.ofSeconds(1)));

        assertThat(failedIds(response)).isEmpty();
        assertThat(fixture.queue.resent()).singleElement().satisfies(copy -> {
            assertThat(copy.body()).isEqualTo(last.getBody());
            assertThat(copy.delaySeconds()).isZero();
            assertThat(copy.attributes()).containsEntry(SqsStepQueue.KIND_ATTRIBUTE, SqsStepQueue.KIND_EVENT);
        });
    }

    // ---- concurrency ----

    @Test
    void recordsOfABatchRunConcurrentlyUpToTheBoundAndNeverBeyondIt() {
        StepFixture fixture = fixture(3, 3, Duration.ofSeconds(3));
        fixture.workflow("wf-task", "Call", task("Call", "'End': true"));
        CountDownLatch threeInFlight = new CountDownLatch(3);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        fixture.http.answer = call -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            threeInFlight.countDown();
            try {
                // Reached only if three calls are in flight together: one worker would wait here alone.
                if (!threeInFlight.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the records did not run concurrently");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return StepFixture.ScriptedHttp.ok("{}");
        };
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(fixture.event("wf-task", "{}"));
        }

        SQSBatchResponse response = fixture.batch.process(events.stream().map(e -> fixture.eventRecord(e, 1)).toList(),
                Deadline.none());

        assertThat(failedIds(response)).isEmpty();
        assertThat(events).allSatisfy(e -> assertThat(fixture.status(e)).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(mostInFlight.get()).isEqualTo(3);
    }

    // ---- back-off and poison ----

    @Test
    void failedRecordsComeBackAfter2PowNSecondsAtMost300() {
        StepFixture fixture = fixture(100, 4, Duration.ofSeconds(3));
        int[] deliveries = {1, 2, 3, 4, 8, 9, 10, 20};
        int[] expected = {2, 4, 8, 16, 256, 300, 300, 300};
        List<SQSMessage> poison = new ArrayList<>();
        for (int delivery : deliveries) {
            poison.add(fixture.record(null, "not a hookrun message", delivery));
        }

        SQSBatchResponse response = fixture.batch.process(poison, Deadline.none());

        assertThat(failedIds(response)).containsExactlyInAnyOrderElementsOf(ids(poison));
        for (int i = 0; i < deliveries.length; i++) {
            assertThat(fixture.queue.visibilityChanges()).as("delivery %d", deliveries[i])
                    .containsEntry(poison.get(i).getReceiptHandle(), expected[i]);
        }
    }

    @Test
    void aPoisonRecordFailsAloneAndTheOthersOfItsBatchComplete() {
        StepFixture fixture = fixture(3, 4, Duration.ofSeconds(3));
        fixture.workflow("wf-pass", "A", "'A': {'Type': 'Succeed', 'Output': {'ok': true}}");
        CloudEvent first = fixture.event("wf-pass", "{}");
        CloudEvent last = fixture.event("wf-pass", "{}");
        SQSMessage poison = fixture.record(SqsStepQueue.KIND_STEP, "{\"runId\": 42", 1);

        SQSBatchResponse response = fixture.batch.process(List.of(fixture.eventRecord(first, 1), poison,
                fixture.eventRecord(last, 1)), Deadline.none());

        assertThat(failedIds(response)).containsExactly(poison.getMessageId());
        assertThat(fixture.status(first)).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.status(last)).isEqualTo(RunStatus.SUCCEEDED);
    }

    // ---- outages do not spend the receive count ----

    @Test
    void aDatabaseOutageEarlyInTheDeliveries_isRetriedWithBackOffAndNotResent() {
        StepFixture fixture = fixture(5, 1, Duration.ofSeconds(3));
        fixture.store.down(true);
        SQSMessage record = fixture.eventRecord(fixture.event("wf-any", "{}"), 1);

        SQSBatchResponse response = fixture.batch.process(List.of(record), Deadline.none());

        assertThat(failedIds(response)).containsExactly(record.getMessageId());
        assertThat(fixture.queue.visibilityChanges()).containsEntry(record.getReceiptHandle(), 2);
        assertThat(fixture.queue.resent()).isEmpty();
    }

    @Test
    void aDatabaseOutageOnTheNextToLastDelivery_sendsAFreshCopyAndReportsTheOriginalHandled() {
        StepFixture fixture = fixture(5, 1, Duration.ofSeconds(3));
        fixture.store.down(true);
        SQSMessage record = fixture.eventRecord(fixture.event("wf-any", "{}"), 4);

        SQSBatchResponse response = fixture.batch.process(List.of(record), Deadline.none());

        assertThat(failedIds(response)).isEmpty();
        Resent copy = fixture.queue.resent().getFirst();
        assertThat(fixture.queue.resent()).hasSize(1);
        assertThat(copy.body()).isEqualTo(record.getBody());
        assertThat(copy.attributes())
                .containsEntry(SqsStepQueue.KIND_ATTRIBUTE, SqsStepQueue.KIND_EVENT)
                .containsEntry(StepMessageResender.OUTAGE_RESENDS_ATTRIBUTE, "1")
                .containsEntry(StepMessageResender.FIRST_SENT_AT_ATTRIBUTE, Long.toString(T0.toEpochMilli()));
        assertThat(copy.delaySeconds()).isEqualTo(60);
    }

    @Test
    void theOutageCopyOfACopy_waitsLongerAndKeepsTheFirstSendTime() {
        StepFixture fixture = fixture(5, 1, Duration.ofSeconds(3));
        fixture.store.down(true);
        SQSMessage copy = fixture.eventRecord(fixture.event("wf-any", "{}"), 5);
        long firstSentAt = T0.minus(Duration.ofHours(3)).toEpochMilli();
        copy.getMessageAttributes().put(StepMessageResender.OUTAGE_RESENDS_ATTRIBUTE, StepFixture.stringAttribute("3"));
        copy.getMessageAttributes().put(StepMessageResender.FIRST_SENT_AT_ATTRIBUTE,
                StepFixture.stringAttribute(Long.toString(firstSentAt)));

        fixture.batch.process(List.of(copy), Deadline.none());

        assertThat(fixture.queue.resent()).singleElement().satisfies(next -> {
            assertThat(next.attributes()).containsEntry(StepMessageResender.OUTAGE_RESENDS_ATTRIBUTE, "4")
                    .containsEntry(StepMessageResender.FIRST_SENT_AT_ATTRIBUTE, Long.toString(firstSentAt));
            assertThat(next.delaySeconds()).isEqualTo(480);
        });
        assertThat(StepMessageResender.outageDelaySeconds(0)).isEqualTo(60);
        assertThat(StepMessageResender.outageDelaySeconds(4)).isEqualTo(900);
        assertThat(StepMessageResender.outageDelaySeconds(40)).isEqualTo(900);
    }

    @Test
    void anOutageLongerThanTheResendBound_letsTheMessageGoToTheDlq() {
        StepFixture fixture = fixture(5, 1, Duration.ofSeconds(3));
        fixture.store.down(true);
        SQSMessage copy = fixture.eventRecord(fixture.event("wf-any", "{}"), 5);
        copy.getMessageAttributes().put(StepMessageResender.FIRST_SENT_AT_ATTRIBUTE,
                StepFixture.stringAttribute(Long.toString(T0.minus(Duration.ofHours(25)).toEpochMilli())));

        SQSBatchResponse response = fixture.batch.process(List.of(copy), Deadline.none());

        assertThat(failedIds(response)).containsExactly(copy.getMessageId());
        assertThat(fixture.queue.visibilityChanges()).containsEntry(copy.getReceiptHandle(), 0);
        assertThat(fixture.queue.resent()).isEmpty();
    }

    @Test
    void anOutageWhileSqsIsDownToo_keepsTheOriginal() {
        StepFixture fixture = fixture(5, 1, Duration.ofSeconds(3));
        fixture.store.down(true);
        fixture.queue.failSendsWith(new IllegalStateException("SQS unreachable",
                new java.net.SocketTimeoutException("connect timed out")));
        SQSMessage record = fixture.eventRecord(fixture.event("wf-any", "{}"), 4);

        SQSBatchResponse response = fixture.batch.process(List.of(record), Deadline.none());

        assertThat(failedIds(response)).containsExactly(record.getMessageId());
        assertThat(fixture.queue.visibilityChanges()).containsEntry(record.getReceiptHandle(), 16);
    }

    @Test
    void aTaskWithoutAnswerOnTheNextToLastDelivery_failsTheStateStatesHttpSocket_itsTargetIsNotADependency() {
        StepFixture fixture = fixture(5, 1, Duration.ofSeconds(3));
        fixture.workflow("wf-task", "Call", task("Call", "'End': true"));
        fixture.http.answer = call -> {
            throw new ConnectException("Connection refused");
        };
        CloudEvent event = fixture.event("wf-task", "{}");
        SQSMessage record = fixture.eventRecord(event, 4);

        SQSBatchResponse response = fixture.batch.process(List.of(record), Deadline.none());

        assertThat(failedIds(response)).as("the state's own error: the record is done").isEmpty();
        assertThat(fixture.queue.resent()).as("not an outage of hookrun's dependencies").isEmpty();
        assertThat(fixture.status(event)).isEqualTo(RunStatus.FAILED);
        assertThat(fixture.run(event).error()).isEqualTo("States.Http.Socket");
    }

    @Test
    void aStepHeldByAnotherAttemptOnTheLastDelivery_isResentForWhenTheLeaseEnds() {
        StepFixture fixture = fixture(3, 1, Duration.ofSeconds(3));
        fixture.workflow("wf-task", "Call", task("Call", "'End': true"));
        CloudEvent event = fixture.event("wf-task", "{}");
        fixture.http.answer = call -> {
            throw new IllegalStateException("dies");
        };
        fixture.batch.process(List.of(fixture.eventRecord(event, 1)), Deadline.none());
        fixture.history.claimState(new RunHistory.StateStart(UUID.fromString(event.hookrunrunid()), "", 0, "Call",
                "Task", "{}", null), T0, Duration.ofSeconds(40));
        fixture.clock.advance(Duration.ofSeconds(10));
        SQSMessage last = fixture.eventRecord(event, 3);

        SQSBatchResponse response = fixture.batch.process(List.of(last), Deadline.none());

        assertThat(failedIds(response)).isEmpty();
        assertThat(fixture.queue.resent()).singleElement()
                .satisfies(copy -> assertThat(copy.delaySeconds()).isEqualTo(31));
        assertThat(fixture.status(event)).as("not abandoned: another attempt owns it").isEqualTo(RunStatus.RUNNING);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.hookrun.core.time.Deadline;
import io.hookrun.core.trace.TraceContext;
import io.hookrun.core.trace.TraceHeader;
import io.hookrun.lambda.DependencyFailures;
import io.hookrun.lambda.logging.LogContext;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One record of a batch, and what becomes of it when it fails:
 * <ul>
 *   <li>a dependency outage or a step held by another attempt, on one of the last deliveries: a fresh copy is
 *       re-sent and the record is done ({@link StepMessageResender}), so it does not reach the DLQ for a failure
 *       that is not its own;</li>
 *   <li>any failure on the last delivery ({@code hookrun.step.max-receive-count}): the run is ended FAILED
 *       {@value StepExecutor#STEP_ABANDONED} with the cause, and the record goes to the DLQ at once;</li>
 *   <li>anything else (a Task's call cut short by the end of the invocation, a bug): retried with back-off.</li>
 * </ul>
 * A bug (any exception that is not an outage or a known retry) is logged with its stack trace.
 *
 * <p>Each record is processed under its own trace: the {@code AWSTraceHeader} SQS kept with it (the trace of the
 * webhook or step that sent it), else the invocation's; what it sends next carries the same header, so a run is one
 * trace from the webhook to its last state (ADR 0008). What a record puts in the MDC ({@link LogContext}) is removed
 * when it is done, so the next record on the thread starts clean.
 */
@Singleton
public class StepRecordProcessor {

    /** What became of a record. */
    enum Outcome {
        /** Processed, or re-sent as a fresh copy: delete it. */
        DONE,
        /** Failed: report it and retry with back-off. */
        RETRY,
        /** Not started (no time left): report it and make it visible again at once. */
        HAND_BACK,
        /** Failed on its last delivery, its run ended: report it and make it visible at once, so it moves to the DLQ. */
        DEAD
    }

    private static final Logger LOG = LoggerFactory.getLogger(StepRecordProcessor.class);

    private final StepMessageRouter router;
    private final StepMessageResender resender;
    private final StepConfiguration config;
    private final Clock clock;

    public StepRecordProcessor(StepMessageRouter router, StepMessageResender resender, StepConfiguration config,
                               Clock clock) {
        this.router = router;
        this.resender = resender;
        this.config = config;
        this.clock = clock;
    }

    Outcome process(SQSMessage record, Deadline deadline) {
        TraceHeader invocationTrace = TraceContext.current().orElse(null);
        TraceHeader trace = recordTrace(record).orElse(invocationTrace);
        TraceContext.set(trace);
        LogContext.put(LogContext.TRACE_ID, trace == null ? null : trace.root());
        try {
            return processTraced(record, deadline);
        } finally {
            LogContext.clearEvent();
            TraceContext.set(invocationTrace);
            LogContext.put(LogContext.TRACE_ID, invocationTrace == null ? null : invocationTrace.root());
        }
    }

    /** The trace header SQS kept with the record ({@code attributes.AWSTraceHeader}), if any. */
    static Optional<TraceHeader> recordTrace(SQSMessage record) {
        return record.getAttributes() == null ? Optional.empty()
                : TraceHeader.parse(record.getAttributes().get(TraceHeader.SQS_ATTRIBUTE));
    }

    private Outcome processTraced(SQSMessage record, Deadline deadline) {
        Delivery delivery = Delivery.of(record, clock.instant());
        try {
            router.route(record, delivery.receiveCount(), deadline);
            return Outcome.DONE;
        } catch (StepNotStartedException e) {
            LOG.info("record {} handed back: {}", record.getMessageId(), e.getMessage());
            return notStarted(record, delivery);
        } catch (Exception | StackOverflowError e) {
            return failed(record, delivery, e);
        }
    }

    /**
     * A record there was no time to execute. Handed back, except on its last delivery, where being handed back
     * would send it to the DLQ unexecuted: then a fresh copy is sent instead.
     */
    Outcome notStarted(SQSMessage record) {
        return notStarted(record, Delivery.of(record, clock.instant()));
    }

    private Outcome notStarted(SQSMessage record, Delivery delivery) {
        if (delivery.receiveCount() >= config.maxReceiveCount() && resender.mayResend(delivery, clock.instant())
                && resender.resend(record, delivery, 0)) {
            return Outcome.DONE;
        }
        return Outcome.HAND_BACK;
    }

    private Outcome failed(SQSMessage record, Delivery delivery, Throwable failure) {
        boolean notItsFault = failure instanceof StateBusyException
                || (!(failure instanceof StepCutShortException) && DependencyFailures.isDependencyFailure(failure));
        if (notItsFault || failure instanceof StepCutShortException) {
            LOG.warn("record {} failed on delivery {} of {}: {}", record.getMessageId(), delivery.receiveCount(),
                    config.maxReceiveCount(), FailureText.describe(failure));
        } else {
            LOG.error("record {} failed on delivery {} of {}", record.getMessageId(), delivery.receiveCount(),
                    config.maxReceiveCount(), failure);
        }
        Instant now = clock.instant();
        if (notItsFault && resender.mayResend(delivery, now)
                && resender.resend(record, delivery, delaySeconds(failure, delivery, now))) {
            return Outcome.DONE;
        }
        if (delivery.receiveCount() >= config.maxReceiveCount()) {
            abandon(record, delivery, failure);
            return Outcome.DEAD;
        }
        return Outcome.RETRY;
    }

    /** A held step comes back when its lease ends; an outage waits longer with each copy. */
    private static int delaySeconds(Throwable failure, Delivery delivery, Instant now) {
        if (failure instanceof StateBusyException busy) {
            long seconds = Duration.between(now, busy.leaseUntil()).toSeconds() + 1;
            return (int) Math.clamp(seconds, 1, StepMessageResender.MAX_DELAY_SECONDS);
        }
        return StepMessageResender.outageDelaySeconds(delivery.outageResends());
    }

    /** Ends the record's run with the reason; if even that fails (the database is down), the sweeper ends it later. */
    private void abandon(SQSMessage record, Delivery delivery, Throwable failure) {
        String cause = "the message failed on its last delivery (" + delivery.receiveCount() + " of "
                + config.maxReceiveCount() + ") and went to the dead-letter queue: " + FailureText.describe(failure);
        try {
            router.abandon(record, cause);
        } catch (RuntimeException e) {
            LOG.error("record {} goes to the DLQ and its run could not be ended now (the sweeper will): {}",
                    record.getMessageId(), e.toString());
        }
    }
}

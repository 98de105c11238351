package io.hookrun.workflowstep;

import io.hookrun.core.message.InMemoryStepQueue.DelayedStep;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.time.Deadline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Plays SQS for the step executor over {@link StepFixture}'s in-memory queue: every step message sent is delivered
 * {@code copies} times (SQS delivers at least once), each copy when its delay has passed on the fixture's clock, the
 * copies of all messages due interleaved in an order drawn from a seeded random source. When nothing is due, the clock
 * jumps to the next message's time: a two-hour wait costs no test time.
 */
final class QueueDriver {

    /** A copy of a sent message, due at {@code dueAt}. */
    private record Copy(StepMessage step, Instant dueAt) { }

    private final StepFixture fixture;
    private final int copies;
    private final Random random;
    private final List<Copy> pending = new ArrayList<>();
    private Consumer<StepMessage> afterEach = step -> { };
    private int seen;
    private int deliveries;

    QueueDriver(StepFixture fixture, int copies, long seed) {
        this.fixture = fixture;
        this.copies = copies;
        this.random = new Random(seed);
    }

    /** Called after every delivery, e.g. to check an invariant at each point in between. */
    QueueDriver afterEach(Consumer<StepMessage> check) {
        this.afterEach = check;
        return this;
    }

    /** Delivers until no message is left; fails after {@code maxDeliveries} (a run that never ends). */
    void drain(int maxDeliveries) {
        collect();
        while (!pending.isEmpty()) {
            if (deliveries >= maxDeliveries) {
                throw new AssertionError("still " + pending.size() + " messages after " + deliveries + " deliveries");
            }
            Instant now = fixture.clock.instant();
            List<Integer> due = new ArrayList<>();
            Instant earliest = null;
            for (int i = 0; i < pending.size(); i++) {
                Instant dueAt = pending.get(i).dueAt();
                if (!dueAt.isAfter(now)) {
                    due.add(i);
                }
                earliest = earliest == null || dueAt.isBefore(earliest) ? dueAt : earliest;
            }
            if (due.isEmpty()) {
                fixture.clock.advance(Duration.between(now, earliest));
                continue;
            }
            Copy copy = pending.remove((int) due.get(random.nextInt(due.size())));
            deliver(copy);
            collect();
        }
    }

    /** Every message sent so far and not yet delivered is lost (e.g. it went to the DLQ while the database was down). */
    void loseWhatIsQueued() {
        collect();
        pending.clear();
    }

    /** How many copies were delivered. */
    int deliveries() {
        return deliveries;
    }

    private void deliver(Copy copy) {
        deliveries++;
        try {
            fixture.executor.execute(copy.step(), 1, Deadline.none());
        } catch (StateBusyException busy) {
            pending.add(new Copy(copy.step(), busy.leaseUntil().plusSeconds(1)));
        }
        afterEach.accept(copy.step());
    }

    /** Takes the messages sent since the last look, {@code copies} copies of each. */
    private void collect() {
        List<DelayedStep> sent = fixture.queue.delayedSteps();
        Instant now = fixture.clock.instant();
        for (DelayedStep step : sent.subList(seen, sent.size())) {
            for (int i = 0; i < copies; i++) {
                pending.add(new Copy(step.step(), now.plusSeconds(step.delaySeconds())));
            }
        }
        seen = sent.size();
    }
}

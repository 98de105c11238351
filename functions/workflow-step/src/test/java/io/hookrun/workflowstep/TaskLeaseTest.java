package io.hookrun.workflowstep;

import io.hookrun.asl.HttpInvoker.HttpResult;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.hookrun.workflowstep.StepFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The claim of a Task step is leased for as long as its call may run (ADR 0007, "Exactly one effect per state
 * execution"): a copy of the message arriving while the call runs does not call again, and once an attempt dies
 * holding the claim, a copy arriving after the lease re-executes the step with the same idempotency key and attempt.
 * {@code hookrun.step.state-lease} is 5 s here, far below the Tasks' timeouts, so the lease must come from the Task.
 */
class TaskLeaseTest {

    /** What a Lambda timeout or a crash does to the invocation: nothing after it runs, no claim is released. */
    private static final class InvocationDied extends Error {
        InvocationDied() {
            super("the invocation died", null, false, false);
        }
    }

    private final StepFixture fixture = new StepFixture(shortStateLease());

    private static StepFixture.Settings shortStateLease() {
        StepFixture.Settings settings = new StepFixture.Settings();
        settings.stateLease = Duration.ofSeconds(5);
        return settings;
    }

    private CloudEvent startWith(String task) {
        fixture.workflow("wf-lease", "Call", task);
        return fixture.event("wf-lease", "{}");
    }

    private void start(CloudEvent event) {
        fixture.starter.start(event, StepFixture.write(event), 1, Deadline.none());
    }

    private StepMessage copyOf(CloudEvent event, int sequence) {
        return new StepMessage(event.hookrunrunid(), sequence, "Call");
    }

    @Test
    void aCopyArrivingWhileALongCallRuns_isBusyUntilTheCallsTimeoutPlusTheMargin_andMakesNoCall() {
        CloudEvent event = startWith("'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
                + "'TimeoutSeconds': 25, 'Arguments': {'ApiEndpoint': 'https://api.example.test/slow', 'Method': 'POST'}, "
                + "'End': true}");
        AtomicReference<Throwable> copyFailure = new AtomicReference<>();
        fixture.http.answer = call -> {
            fixture.clock.advance(Duration.ofSeconds(20)); // the call has run for 20 s, long past the 5 s state lease
            try {
                fixture.executor.execute(copyOf(event, 0), 2, Deadline.none());
            } catch (RuntimeException e) {
                copyFailure.set(e);
            }
            return StepFixture.ScriptedHttp.ok("{\"done\": true}");
        };

        start(event);

        assertThat(copyFailure.get()).isInstanceOfSatisfying(StateBusyException.class,
                busy -> assertThat(busy.leaseUntil()).as("25 s TimeoutSeconds + 3 s margin").isEqualTo(T0.plusSeconds(28)));
        assertThat(fixture.http.calls).hasSize(1);
        assertThat(fixture.status(event)).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.state(event, 0).attempts()).isEqualTo(1);
    }

    @Test
    void aCallWithoutTimeoutSeconds_holdsTheStepForTheSixtySecondsAnHttpTaskMayTake() {
        CloudEvent event = startWith(StepFixture.task("Call", "'End': true"));
        AtomicReference<Throwable> copyFailure = new AtomicReference<>();
        fixture.http.answer = call -> {
            fixture.clock.advance(Duration.ofSeconds(62));
            try {
                fixture.executor.execute(copyOf(event, 0), 2, Deadline.none());
            } catch (RuntimeException e) {
                copyFailure.set(e);
            }
            return StepFixture.ScriptedHttp.ok("{}");
        };

        start(event);

        assertThat(copyFailure.get()).isInstanceOfSatisfying(StateBusyException.class,
                busy -> assertThat(busy.leaseUntil()).isEqualTo(T0.plusSeconds(63)));
        assertThat(fixture.http.calls).hasSize(1);
    }

    @Test
    void theLeaseIsCutToWhatTheInvocationHasLeft() {
        // 20 s left in the invocation (TimeoutSeconds 25): the call cannot outlive it, so neither does the lease (plus the margin).
        CloudEvent event = startWith("'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
                + "'TimeoutSeconds': 25, 'Arguments': {'ApiEndpoint': 'https://api.example.test/slow', 'Method': 'POST'}, "
                + "'End': true}");
        AtomicReference<Instant> leaseUntil = new AtomicReference<>();
        fixture.http.answer = call -> {
            leaseUntil.set(fixture.state(event, 0).leaseUntil());
            return StepFixture.ScriptedHttp.ok("{}");
        };

        fixture.starter.start(event, StepFixture.write(event), 1, Deadline.in(Duration.ofSeconds(20)));

        assertThat(leaseUntil.get()).isAfter(T0.plusSeconds(20)).isBeforeOrEqualTo(T0.plusSeconds(23));
    }

    @Test
    void aTimeoutSecondsExpression_isBoundedByTheSixtySecondsOfAnHttpTask() {
        CloudEvent event = startWith("'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
                + "'TimeoutSeconds': '{% 25 %}', 'Arguments': {'ApiEndpoint': 'https://api.example.test/slow', 'Method': 'POST'}, "
                + "'End': true}");
        AtomicReference<Instant> leaseUntil = new AtomicReference<>();
        fixture.http.answer = call -> {
            leaseUntil.set(fixture.state(event, 0).leaseUntil());
            return StepFixture.ScriptedHttp.ok("{}");
        };

        start(event);

        assertThat(leaseUntil.get()).as("unknown before evaluation: 60 s + 3 s").isEqualTo(T0.plusSeconds(63));
    }

    @Test
    void aShortCall_isLeasedNoLessThanTheStateLease() {
        // TimeoutSeconds 1 + the 3 s margin is 4 s, below the 5 s state lease of these tests.
        CloudEvent event = startWith("'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
                + "'TimeoutSeconds': 1, 'Arguments': {'ApiEndpoint': 'https://api.example.test/quick', 'Method': 'POST'}, "
                + "'End': true}");
        AtomicReference<Instant> leaseUntil = new AtomicReference<>();
        fixture.http.answer = call -> {
            leaseUntil.set(fixture.state(event, 0).leaseUntil());
            return StepFixture.ScriptedHttp.ok("{}");
        };

        start(event);

        assertThat(leaseUntil.get()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void anAttemptThatDiesAfterItsCall_keepsTheStepUntilTheLeaseLapses_thenACopyCallsAgainWithTheSameKeyAndAttempt() {
        CloudEvent event = startWith("'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
                + "'TimeoutSeconds': 20, 'Arguments': {'ApiEndpoint': 'https://api.example.test/pay', 'Method': 'POST'}, "
                + "'Retry': [{'ErrorEquals': ['States.Http.StatusCode.503'], 'IntervalSeconds': 1, 'MaxAttempts': 3}], "
                + "'End': true}");
        AtomicInteger calls = new AtomicInteger();
        fixture.http.answer = call -> switch (calls.incrementAndGet()) {
            case 1 -> new HttpResult(503, Map.of(), new byte[0]); // attempt 1 fails: the Retry's attempt 2 is step 1
            case 2 -> throw new InvocationDied(); // attempt 2's call was made; the invocation dies before recording it
            default -> StepFixture.ScriptedHttp.ok("{\"paid\": true}");
        };
        start(event);
        fixture.clock.advance(Duration.ofSeconds(2)); // past the Retry interval
        Instant attempt2Claimed = fixture.clock.instant();

        assertThatThrownBy(() -> fixture.executor.execute(copyOf(event, 1), 1, Deadline.none()))
                .isInstanceOf(InvocationDied.class);

        StateExecution held = fixture.state(event, 1);
        assertThat(held.leaseUntil()).as("not released: 20 s + 3 s margin").isEqualTo(attempt2Claimed.plusSeconds(23));
        fixture.clock.set(held.leaseUntil().minusSeconds(1));
        assertThatThrownBy(() -> fixture.executor.execute(copyOf(event, 1), 2, Deadline.none()))
                .isInstanceOf(StateBusyException.class);
        assertThat(calls.get()).as("no call while the lease lives").isEqualTo(2);

        fixture.clock.set(held.leaseUntil().plusSeconds(1));
        fixture.executor.execute(copyOf(event, 1), 3, Deadline.none());

        assertThat(fixture.status(event)).isEqualTo(RunStatus.SUCCEEDED);
        List<Map<String, String>> headers = fixture.http.calls.stream().map(c -> c.headers()).toList();
        assertThat(headers).extracting(h -> h.get("Idempotency-Key")).containsExactly(
                event.hookrunrunid() + ":0", event.hookrunrunid() + ":0", event.hookrunrunid() + ":0");
        assertThat(headers).extracting(h -> h.get("Hookrun-Attempt")).containsExactly("1", "2", "2");
        assertThat(fixture.state(event, 1).attempts()).as("taken over once").isEqualTo(2);
    }
}

package io.hookrun.asl;

import io.hookrun.core.time.SettableClock;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Wait state: {@code Seconds} or {@code Timestamp}, literal or JSONata, become the {@code notBefore} of the
 * outcome (the executor turns it into an SQS delay); nothing sleeps. Times come from the injected clock.
 */
class WaitStateTest {

    private static final Instant NOW = Instant.parse("2025-05-01T10:00:00Z");

    private final SettableClock clock = new SettableClock(NOW);
    private final StateInterpreter interpreter = new StateInterpreter(call -> {
        throw new AssertionError("no HTTP call expected");
    }, Duration.ZERO, clock, new SplittableRandom(3), 40);

    private StepOutcome execute(String waitFields, Object input) throws Exception {
        StateMachine machine = Definitions.machine("W", "'W': {'Type': 'Wait', " + waitFields + ", 'Next': 'Done'}, "
                + "'Done': {'Type': 'Succeed'}");
        return interpreter.execute(machine, "W", Definitions.in(input), Deadline.none());
    }

    @Test
    void seconds_continuesNotBeforeNowPlusSeconds_withTheInputAsOutput() throws Exception {
        assertThat(execute("'Seconds': 90", Map.of("k", 1)))
                .isEqualTo(new StepOutcome.Continue("Done", Map.of("k", 1), Map.of(), NOW.plusSeconds(90)));
    }

    @Test
    void secondsFromAnExpression_andOutputAndAssign() throws Exception {
        StepOutcome outcome = execute("'Seconds': '{% $states.input.delay * 60 %}', 'Output': 'waited', "
                + "'Assign': {'delay': '{% $states.input.delay %}'}", Map.of("delay", 2));

        assertThat(outcome).isEqualTo(new StepOutcome.Continue("Done", "waited", Map.of("delay", 2), NOW.plusSeconds(120)));
    }

    @Test
    void timestamp_continuesNotBeforeThatInstant_withAnOffsetOrFractionsAccepted() throws Exception {
        assertThat(((StepOutcome.Continue) execute("'Timestamp': '2026-01-02T03:04:05Z'", Map.of())).notBefore())
                .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(((StepOutcome.Continue) execute("'Timestamp': '{% $states.input.at %}'",
                Map.of("at", "2026-01-02T05:04:05.123456789+02:00"))).notBefore())
                .isEqualTo(Instant.parse("2026-01-02T03:04:05.123456789Z"));
    }

    @Test
    void aTimestampInThePast_doesNotWait() throws Exception {
        assertThat(((StepOutcome.Continue) execute("'Timestamp': '2020-01-01T00:00:00Z'", Map.of())).notBefore())
                .isBefore(NOW);
    }

    /** AWS's cause for a Timestamp that is not an ISO-8601 offset date-time, as LocalStack recorded it (no event id here). */
    @ParameterizedTest
    @ValueSource(strings = {"2016-12-05T21:29:29", "2016-12-05 21:29:29Z", "05-12-2016T21:29:29Z", "2016-13-05T21:29:29Z",
            "2016-12-05T25:29:29Z"})
    void aBadTimestamp_failsWithQueryEvaluationError(String timestamp) throws Exception {
        assertThat(execute("'Timestamp': '{% $states.input.at %}'", Map.of("at", timestamp)))
                .isEqualTo(new StepOutcome.Failed("States.QueryEvaluationError", "An error occurred while executing the"
                        + " state 'W'. The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time"
                        + " format string: " + timestamp));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "'10'", "100000000", "null"})
    void secondsThatAreNotAWholeNumberFrom0To99999999_failWithQueryEvaluationError(String seconds) throws Exception {
        StepOutcome outcome = execute("'Seconds': '{% $states.input.s %}'", Definitions.json("{'s': " + seconds + "}"));

        assertThat(outcome).isInstanceOf(StepOutcome.Failed.class);
        assertThat(((StepOutcome.Failed) outcome).error()).isEqualTo("States.QueryEvaluationError");
        assertThat(((StepOutcome.Failed) outcome).cause()).startsWith("An error occurred while executing the state 'W'.")
                .contains("'Seconds'");
    }

    @Test
    void zeroSeconds_isAllowed() throws Exception {
        assertThat(((StepOutcome.Continue) execute("'Seconds': 0", Map.of())).notBefore()).isEqualTo(NOW);
    }

    @Test
    void aWaitThatEnds_succeedsNotBeforeTheWaitIsOver() throws Exception {
        StateMachine machine = Definitions.machine("W", "'W': {'Type': 'Wait', 'Seconds': 5, 'End': true}");

        StepOutcome outcome = interpreter.execute(machine, "W", Definitions.in("x"), Deadline.none());

        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded("x", NOW.plusSeconds(5)));
    }

    @Test
    void aRunWithWaits_endsWhenTheWaitsAreOver_withoutSleeping() throws Exception {
        StateMachine machine = Definitions.machine("First", """
                'First': {'Type': 'Wait', 'Seconds': 3600, 'Next': 'Second'},
                'Second': {'Type': 'Wait', 'Timestamp': '{% $fromMillis($toMillis($states.context.State.EnteredTime) + 60000) %}',
                           'End': true}""");

        MachineRunner.Run run = new MachineRunner(interpreter, clock).run(machine, Map.of());

        assertThat(run.endedAt()).isEqualTo(NOW.plusSeconds(3660));
    }
}

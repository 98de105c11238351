package io.hookrun.asl;

import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How long an {@code http:invoke} call may wait: its {@code TimeoutSeconds}, never more than the invocation's deadline
 * leaves minus the margin. No network: the invoker records the calls it is given.
 */
class HttpTaskTimeoutTest {

    private static final Duration MARGIN = Duration.ofSeconds(3);

    private final List<HttpInvoker.HttpCall> calls = new ArrayList<>();
    private final StateInterpreter interpreter = new StateInterpreter(call -> {
        calls.add(call);
        return new HttpInvoker.HttpResult(200, Map.of(), new byte[0]);
    }, MARGIN);

    /** A Task A with these extra fields, parsed without the validator's cap (as a run snapshot is). */
    private static StateMachine task(String timeoutField) throws InvalidDefinitionException {
        return StateMachine.parse(("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {'A': {'Type': 'Task', "
                + "'Resource': 'arn:aws:states:::http:invoke', " + timeoutField
                + "'Arguments': {'ApiEndpoint': 'http://127.0.0.1:9/x', 'Method': 'GET'}, 'End': true}}}")
                .replace('\'', '"'), DefinitionLimits.UNCAPPED);
    }

    private static StepOutcome execute(StateInterpreter interpreter, StateMachine machine, Deadline deadline)
            throws TransientStepException {
        return interpreter.execute(machine, "A", Definitions.in(Map.of()), deadline);
    }

    private Duration timeoutOfTheOnlyCall() {
        assertThat(calls).hasSize(1);
        return calls.getFirst().timeout();
    }

    @Test
    void withoutADeadline_theCallWaitsTimeoutSeconds() throws Exception {
        execute(interpreter, task("'TimeoutSeconds': 20, "), Deadline.none());

        assertThat(timeoutOfTheOnlyCall()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void timeoutSecondsAboveSixty_isCutToTheSixtySecondsAnHttpTaskHasOnAws() throws Exception {
        execute(interpreter, task("'TimeoutSeconds': 300, "), Deadline.none());

        assertThat(timeoutOfTheOnlyCall()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void withoutTimeoutSeconds_theCallWaitsTheDefault60Seconds() throws Exception {
        execute(interpreter, task(""), Deadline.none());

        assertThat(timeoutOfTheOnlyCall()).isEqualTo(Duration.ofSeconds(HttpTask.DEFAULT_TIMEOUT_SECONDS));
    }

    @Test
    void aDeadlineShorterThanTimeoutSeconds_capsTheCallAtTheDeadlineMinusTheMargin() throws Exception {
        Deadline deadline = Deadline.in(Duration.ofSeconds(10));

        execute(interpreter, task("'TimeoutSeconds': 20, "), deadline);

        assertThat(timeoutOfTheOnlyCall()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aDeadlineLongerThanTimeoutSeconds_leavesTimeoutSeconds() throws Exception {
        execute(interpreter, task("'TimeoutSeconds': 5, "), Deadline.in(Duration.ofMinutes(10)));

        assertThat(timeoutOfTheOnlyCall()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theLargestTimeoutSecondsIsCappedAtTheDeadline() throws Exception {
        // Duration.ofSeconds(huge).toMillis() may overflow: the call must only ever see the capped duration.
        StepOutcome outcome = execute(interpreter, task("'TimeoutSeconds': 99999999, "),
                Deadline.in(Duration.ofSeconds(30)));

        assertThat(outcome).isInstanceOf(StepOutcome.Succeeded.class);
        assertThat(timeoutOfTheOnlyCall()).isLessThanOrEqualTo(Duration.ofSeconds(27));
        assertThat(timeoutOfTheOnlyCall().toMillis()).isPositive();
    }

    @Test
    void noTimeLeftBeforeTheMargin_isTransientAndSendsNothing() throws Exception {
        Deadline almostOver = Deadline.in(Duration.ofSeconds(2));

        assertThatThrownBy(() -> execute(interpreter, task("'TimeoutSeconds': 5, "), almostOver))
                .isInstanceOf(TransientStepException.class)
                .hasMessageContaining("States.A")
                .hasMessageContaining("no time left");
        assertThat(calls).isEmpty();
    }

    @Test
    void anArithmeticExceptionWhileExecutingAState_failsItWithStatesRuntimeInsteadOfEscaping() throws Exception {
        StateInterpreter overflowing = new StateInterpreter(call -> {
            throw new ArithmeticException("long overflow");
        });

        StepOutcome outcome = execute(overflowing, task("'TimeoutSeconds': 5, "), Deadline.none());

        assertThat(outcome).isEqualTo(new StepOutcome.Failed("States.Runtime", "States.A: a number is out of range: long overflow"));
    }
}

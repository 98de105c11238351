package io.hookrun.asl;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.hookrun.asl.StateMachineValidationTest.machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateInterpreterTest {

    static final ExecutionContext CONTEXT = new ExecutionContext("run-7", "order-flow", Map.of("orderId", "o-1"),
            Instant.parse("2025-01-02T03:04:05Z"), 3, Instant.parse("2025-01-02T03:04:09.500Z"));

    private final StateInterpreter interpreter = new StateInterpreter(call -> {
        throw new AssertionError("no HTTP call expected, got " + call.uri());
    });

    private StepOutcome run(String states, String stateName, Object input) throws Exception {
        return interpreter.execute(StateMachine.parse(machine(states)), stateName, input, CONTEXT);
    }

    @Test
    void pass_withoutOutput_passesInputToNext() throws Exception {
        StepOutcome outcome = run("'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Succeed'}", "A", Map.of("x", 1));

        assertThat(outcome).isEqualTo(new StepOutcome.Continue("B", Map.of("x", 1)));
    }

    @Test
    void pass_withOutput_usesStatesInputAndEndsWhenEnd() throws Exception {
        StepOutcome outcome = run("'A': {'Type': 'Pass', 'Output': {'total': '{% $states.input.a + $states.input.b %}', 'fixed': 'yes'}, 'End': true}",
                "A", Map.of("a", 2, "b", 3));

        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded(Map.of("total", 5, "fixed", "yes")));
    }

    @Test
    void pass_output_seesTheWholeContextObject() throws Exception {
        StepOutcome outcome = run("'A': {'Type': 'Pass', 'Output': '{% $states.context %}', 'End': true}", "A", Map.of());

        assertThat(JsonValues.write(((StepOutcome.Succeeded) outcome).output())).isEqualTo("""
                {"Execution":{"Id":"run-7","Input":{"orderId":"o-1"},"StartTime":"2025-01-02T03:04:05Z"},\
                "State":{"Name":"A","EnteredTime":"2025-01-02T03:04:09.500Z"},"StateMachine":{"Id":"order-flow"}}""");
    }

    @Test
    void choice_firstTrueRuleWins_withRuleOutput() throws Exception {
        String states = """
                'A': {'Type': 'Choice', 'Output': {'from': 'state'}, 'Choices': [
                    {'Condition': '{% $states.input.amount > 1000 %}', 'Next': 'Big'},
                    {'Condition': '{% $states.input.amount > 100 %}', 'Next': 'Medium', 'Output': {'from': 'rule', 'id': '{% $states.context.Execution.Input.orderId %}'}},
                    {'Condition': true, 'Next': 'Small'}]},
                'Big': {'Type': 'Succeed'}, 'Medium': {'Type': 'Succeed'}, 'Small': {'Type': 'Succeed'}""";

        assertThat(run(states, "A", Map.of("amount", 250)))
                .isEqualTo(new StepOutcome.Continue("Medium", Map.of("from", "rule", "id", "o-1")));
        assertThat(run(states, "A", Map.of("amount", 5000)))
                .isEqualTo(new StepOutcome.Continue("Big", Map.of("from", "state")));
        assertThat(run(states, "A", Map.of("amount", 1)))
                .isEqualTo(new StepOutcome.Continue("Small", Map.of("from", "state")));
    }

    @Test
    void choice_withNoMatch_goesToDefaultWithInput() throws Exception {
        StepOutcome outcome = run("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': '{% $states.input.ok %}', 'Next': 'Yes'}], 'Default': 'No'},
                'Yes': {'Type': 'Succeed'}, 'No': {'Type': 'Fail'}""", "A", Map.of("ok", false));

        assertThat(outcome).isEqualTo(new StepOutcome.Continue("No", Map.of("ok", false)));
    }

    @Test
    void choice_withNoMatchAndNoDefault_failsNoChoiceMatched() throws Exception {
        StepOutcome outcome = run("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': '{% $states.input.ok %}', 'Next': 'Yes'}]},
                'Yes': {'Type': 'Succeed'}""", "A", Map.of("ok", false));

        assertThat(outcome).isEqualTo(new StepOutcome.Failed("States.NoChoiceMatched",
                "States.A: no choice rule matched and there is no Default"));
    }

    @Test
    void choice_withNonBooleanCondition_failsQueryEvaluationError() throws Exception {
        StepOutcome outcome = run("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': '{% $states.input.name %}', 'Next': 'Yes'}], 'Default': 'Yes'},
                'Yes': {'Type': 'Succeed'}""", "A", Map.of("name", "Ada"));

        assertThat(outcome).isEqualTo(new StepOutcome.Failed("States.QueryEvaluationError",
                "States.A.Choices[0].Condition: evaluated to \"Ada\", not a boolean"));
    }

    @Test
    void succeed_withOutput_evaluatesIt_andWithoutOutput_returnsInput() throws Exception {
        assertThat(run("'A': {'Type': 'Succeed', 'Output': ['{% $states.context.State.Name %}', '{% $count($states.input.items) %}']}",
                "A", Map.of("items", java.util.List.of(1, 2, 3))))
                .isEqualTo(new StepOutcome.Succeeded(java.util.List.of("A", 3)));
        assertThat(run("'A': {'Type': 'Succeed'}", "A", "just text")).isEqualTo(new StepOutcome.Succeeded("just text"));
    }

    @Test
    void fail_withLiteralErrorAndExpressionCause_failsWithBoth() throws Exception {
        StepOutcome outcome = run("'A': {'Type': 'Fail', 'Error': 'Order.Rejected', 'Cause': '{% \\\"order \\\" & $states.input.id & \\\" refused\\\" %}'}",
                "A", Map.of("id", "o-9"));

        assertThat(outcome).isEqualTo(new StepOutcome.Failed("Order.Rejected", "order o-9 refused"));
    }

    @Test
    void fail_withoutErrorOrCause_failsWithStatesFail() throws Exception {
        assertThat(run("'A': {'Type': 'Fail'}", "A", Map.of())).isEqualTo(new StepOutcome.Failed("States.Fail", ""));
    }

    @Test
    void pass_withFailingOutputExpression_failsQueryEvaluationErrorNamingStateAndField() throws Exception {
        StepOutcome outcome = run("'A': {'Type': 'Pass', 'Output': {'n': '{% $number(\\\"abc\\\") %}'}, 'End': true}", "A", Map.of());

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Failed.class, failed -> {
            assertThat(failed.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(failed.cause()).startsWith("States.A.Output.n: the JSONata expression failed: ");
        });
    }

    @Test
    void execute_unknownState_throwsIllegalArgument() throws Exception {
        StateMachine machine = StateMachine.parse(machine("'A': {'Type': 'Succeed'}"));

        assertThatThrownBy(() -> interpreter.execute(machine, "Nope", Map.of(), CONTEXT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nope");
    }
}

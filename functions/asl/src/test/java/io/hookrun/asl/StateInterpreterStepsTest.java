package io.hookrun.asl;

import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link StateInterpreter#execute} on Pass, Choice, Succeed and Fail states (no HTTP: the invoker refuses to be
 * called). Definitions are written with {@code '} for {@code "}.
 */
class StateInterpreterStepsTest {

    private final StateInterpreter interpreter = new StateInterpreter(call -> {
        throw new AssertionError("no HTTP call expected, got " + call.method() + " " + call.uri());
    });

    private static StateMachine machine(String startAt, String states) throws InvalidDefinitionException {
        return Definitions.machine(startAt, states);
    }

    private StepOutcome run(String states, Object input) throws Exception {
        return execute(machine("A", states), "A", input);
    }

    private StepOutcome execute(StateMachine machine, String state, Object input) throws Exception {
        return interpreter.execute(machine, state, Definitions.in(input), Deadline.none());
    }

    private static Object parse(String singleQuotedJson) {
        return Definitions.json(singleQuotedJson);
    }

    private static StepOutcome.Continue next(String state, Object output) {
        return new StepOutcome.Continue(state, output, Map.of(), null);
    }

    private static StepOutcome.Failed failed(StepOutcome outcome) {
        assertThat(outcome).isInstanceOf(StepOutcome.Failed.class);
        return (StepOutcome.Failed) outcome;
    }

    // ---- Pass ----

    @Test
    void pass_withoutOutput_continuesToNextWithInputUnchanged() throws Exception {
        Object input = parse("{'a': [1, {'b': null}], 'c': 'x'}");

        StepOutcome outcome = run("'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Succeed'}", input);

        assertThat(outcome).isEqualTo(next("B", input));
    }

    @Test
    void pass_withOutputExpression_continuesWithItsResult() throws Exception {
        StepOutcome outcome = run("'A': {'Type': 'Pass', 'Output': '{% $states.input.price * $states.input.qty %}', 'Next': 'B'},"
                + " 'B': {'Type': 'Succeed'}", Map.of("price", 7, "qty", 6));

        assertThat(outcome).isEqualTo(next("B", 42));
    }

    @Test
    void pass_withEnd_succeedsWithOutput() throws Exception {
        StepOutcome outcome = run("'A': {'Type': 'Pass', 'Output': {'done': true}, 'End': true}", Map.of("x", 1));

        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded(Map.of("done", true)));
    }

    @Test
    void pass_withEndAndNoOutput_succeedsWithInput() throws Exception {
        StepOutcome outcome = run("'A': {'Type': 'Pass', 'End': true}", List.of(1, 2));

        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded(List.of(1, 2)));
    }

    @Test
    void output_expressionsNestedInMapsAndLists_areEvaluatedAndLiteralsKept() throws Exception {
        StepOutcome outcome = run("""
                'A': {'Type': 'Pass', 'End': true, 'Output': {
                    'sum': '{% $sum($states.input.n) %}',
                    'nested': {'list': ['literal', '{% $states.input.n[0] %}', ['{% $uppercase($states.input.s) %}', 3]],
                               'flag': false, 'nothing': null},
                    'withMarkersInside': 'total: {% 1 + 1 %}',
                    'notClosed': '{% 1 + 1',
                    '{% keys are not evaluated %}': 1}}""",
                Map.of("n", List.of(10, 20, 12), "s", "abc"));

        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded(parse("""
                {'sum': 42,
                 'nested': {'list': ['literal', 10, ['ABC', 3]], 'flag': false, 'nothing': null},
                 'withMarkersInside': 'total: {% 1 + 1 %}',
                 'notClosed': '{% 1 + 1',
                 '{% keys are not evaluated %}': 1}""")));
    }

    @Test
    void output_wholeExpressionMayBuildAnObject() throws Exception {
        StepOutcome outcome = run("'A': {'Type': 'Pass', 'Output': '{% {\\'id\\': $states.input.id, \\'n\\': 6 / 2} %}', 'End': true}",
                Map.of("id", "x1"));

        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded(Map.of("id", "x1", "n", 3)));
    }

    @Test
    void output_resultDoesNotShareStructureWithTheDefinition() throws Exception {
        StateMachine machine = machine("A", "'A': {'Type': 'Pass', 'Output': {'list': [1, 2]}, 'End': true}");

        StepOutcome first = execute(machine, "A", null);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) ((Map<String, Object>) ((StepOutcome.Succeeded) first).output()).get("list");
        try {
            list.add(3);
        } catch (UnsupportedOperationException immutable) {
            // also fine: the definition cannot be changed through the output
        }

        assertThat(execute(machine, "A", null))
                .isEqualTo(new StepOutcome.Succeeded(Map.of("list", List.of(1, 2))));
    }

    // ---- $states ----

    @Test
    void statesInput_isTheStateInput() throws Exception {
        StepOutcome outcome = run("'A': {'Type': 'Pass', 'Output': {'who': '{% $states.input.user.name %}'}, 'End': true}",
                parse("{'user': {'name': 'Ada'}}"));

        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded(Map.of("who", "Ada")));
    }

    @Test
    void statesContext_exposesExecutionIdStateNameAndMore() throws Exception {
        StateMachine machine = machine("First", """
                'First': {'Type': 'Pass', 'Next': 'Second'},
                'Second': {'Type': 'Pass', 'End': true, 'Output': {
                    'executionId': '{% $states.context.Execution.Id %}',
                    'stateName': '{% $states.context.State.Name %}',
                    'runInput': '{% $states.context.Execution.Input.orderId %}',
                    'started': '{% $states.context.Execution.StartTime %}',
                    'entered': '{% $states.context.State.EnteredTime %}',
                    'machine': '{% $states.context.StateMachine.Id %}'}}""");

        StepOutcome outcome = execute(machine, "Second", Map.of());

        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded(Map.of(
                "executionId", "run-42", "stateName", "Second", "runInput", "o-9",
                "started", "2025-03-04T05:06:07.000Z", "entered", "2025-03-04T05:06:08.000Z", "machine", "wf-orders")));
    }

    @Test
    void execute_unknownStateName_throwsIllegalArgument() throws Exception {
        StateMachine machine = machine("A", "'A': {'Type': 'Succeed'}");

        assertThatThrownBy(() -> execute(machine, "Nope", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Nope'");
    }

    // ---- Choice ----

    private static final String CHOICE = """
            'A': {'Type': 'Choice', 'Output': {'from': 'state', 'amount': '{% $states.input.amount %}'}, 'Default': 'Small',
                  'Choices': [
                    {'Condition': '{% $states.input.amount > 1000 %}', 'Next': 'Huge', 'Output': {'from': 'rule0'}},
                    {'Condition': '{% $states.input.amount > 100 %}', 'Next': 'Big'},
                    {'Condition': '{% $states.input.amount > 10 %}', 'Next': 'Never'}]},
            'Huge': {'Type': 'Succeed'}, 'Big': {'Type': 'Succeed'}, 'Small': {'Type': 'Succeed'}, 'Never': {'Type': 'Succeed'}""";

    @Test
    void choice_firstTrueRuleWins_evenWhenLaterRulesAlsoMatch() throws Exception {
        StepOutcome outcome = run(CHOICE, Map.of("amount", 500));

        assertThat(outcome).isInstanceOf(StepOutcome.Continue.class);
        assertThat(((StepOutcome.Continue) outcome).nextState()).isEqualTo("Big");
    }

    @Test
    void choice_ruleOutput_winsOverStateOutput() throws Exception {
        assertThat(run(CHOICE, Map.of("amount", 5000)))
                .isEqualTo(next("Huge", Map.of("from", "rule0")));
    }

    /** A matching rule applies its own Output only: the state's Output is the Default's (sfnx, measured on AWS). */
    @Test
    void choice_ruleWithoutOutput_passesTheInputOn_notTheStateOutput() throws Exception {
        assertThat(run(CHOICE, Map.of("amount", 500)))
                .isEqualTo(next("Big", Map.of("amount", 500)));
    }

    @Test
    void choice_withoutAnyOutput_passesInputOn() throws Exception {
        StepOutcome outcome = run("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': '{% $states.input.go %}', 'Next': 'B'}]},
                'B': {'Type': 'Succeed'}""", Map.of("go", true, "payload", "p"));

        assertThat(outcome).isEqualTo(next("B", Map.of("go", true, "payload", "p")));
    }

    @Test
    void choice_literalTrueCondition_matches() throws Exception {
        StepOutcome outcome = run("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': false, 'Next': 'C'}, {'Condition': true, 'Next': 'B'}]},
                'B': {'Type': 'Succeed'}, 'C': {'Type': 'Succeed'}""", Map.of());

        assertThat(outcome).isEqualTo(next("B", Map.of()));
    }

    @Test
    void choice_withNoMatch_goesToDefaultWithStateOutput() throws Exception {
        assertThat(run(CHOICE, Map.of("amount", 3)))
                .isEqualTo(next("Small", Map.of("from", "state", "amount", 3)));
    }

    @Test
    void choice_withNoMatchAndNoDefault_failsNoChoiceMatched() throws Exception {
        StepOutcome outcome = run("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': '{% $states.input.x = 1 %}', 'Next': 'B'}]},
                'B': {'Type': 'Succeed'}""", Map.of("x", 2));

        StepOutcome.Failed failed = failed(outcome);
        assertThat(failed.error()).isEqualTo("States.NoChoiceMatched");
        assertThat(failed.cause()).startsWith("States.A");
    }

    @Test
    void choice_conditionThatIsNotBoolean_failsQueryEvaluationErrorNamingRule() throws Exception {
        StepOutcome outcome = run("""
                'A': {'Type': 'Choice', 'Default': 'B', 'Choices': [
                    {'Condition': '{% $states.input.x = 1 %}', 'Next': 'B'},
                    {'Condition': '{% $states.input.x %}', 'Next': 'B'}]},
                'B': {'Type': 'Succeed'}""", Map.of("x", "yes"));

        StepOutcome.Failed failed = failed(outcome);
        assertThat(failed.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(failed.cause()).isEqualTo("An error occurred while executing the state 'A'. The JSONata expression "
                + "'$states.input.x' specified for the field 'Choices[1]/Condition' "
                + "returned an unexpected result type. Expected 'boolean', but was 'string' for value: \"yes\"");
    }

    @Test
    void choice_conditionOnMissingField_failsRatherThanFallingThroughToDefault() throws Exception {
        StepOutcome outcome = run("""
                'A': {'Type': 'Choice', 'Default': 'B', 'Choices': [{'Condition': '{% $states.input.missing %}', 'Next': 'B'}]},
                'B': {'Type': 'Succeed'}""", Map.of());

        StepOutcome.Failed failed = failed(outcome);
        assertThat(failed.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(failed.cause()).isEqualTo("An error occurred while executing the state 'A'. The JSONata expression "
                + "'$states.input.missing' specified for the field 'Choices[0]/Condition' returned nothing (undefined).");
    }

    // ---- Succeed and Fail ----

    @Test
    void succeed_withoutOutput_succeedsWithInput() throws Exception {
        assertThat(run("'A': {'Type': 'Succeed'}", Map.of("k", "v")))
                .isEqualTo(new StepOutcome.Succeeded(Map.of("k", "v")));
    }

    @Test
    void succeed_withOutput_succeedsWithEvaluatedOutput() throws Exception {
        assertThat(run("'A': {'Type': 'Succeed', 'Output': {'id': '{% $states.input.id %}', 'ok': true}}", Map.of("id", 7)))
                .isEqualTo(new StepOutcome.Succeeded(Map.of("id", 7, "ok", true)));
    }

    @Test
    void fail_withLiteralErrorAndCause_failsWithThem() throws Exception {
        assertThat(run("'A': {'Type': 'Fail', 'Error': 'Order.Rejected', 'Cause': 'amount too high'}", Map.of()))
                .isEqualTo(new StepOutcome.Failed("Order.Rejected", "amount too high"));
    }

    @Test
    void fail_withExpressionErrorAndCause_failsWithTheirValues() throws Exception {
        StepOutcome outcome = run("""
                'A': {'Type': 'Fail', 'Error': '{% \\'Order.\\' & $states.input.code %}',
                      'Cause': '{% \\'order \\' & $states.context.Execution.Input.orderId & \\' refused\\' %}'}""",
                Map.of("code", "Rejected"));

        assertThat(outcome).isEqualTo(new StepOutcome.Failed("Order.Rejected", "order o-9 refused"));
    }

    /** LocalStack's recording on AWS: a Fail state with only a Cause fails the execution with no error name. */
    @Test
    void fail_withCauseAndNoError_failsWithNoErrorName() throws Exception {
        assertThat(run("'A': {'Type': 'Fail', 'Cause': '{% $states.input.why %}'}", Map.of("why", "out of stock")))
                .isEqualTo(new StepOutcome.Failed(null, "out of stock"));
    }

    @Test
    void fail_withNeitherErrorNorCause_failsWithNeither() throws Exception {
        assertThat(run("'A': {'Type': 'Fail'}", Map.of())).isEqualTo(new StepOutcome.Failed(null, null));
    }

    @Test
    void fail_withErrorAndNoCause_failsWithNoCause() throws Exception {
        assertThat(run("'A': {'Type': 'Fail', 'Error': 'Order.Rejected'}", Map.of()))
                .isEqualTo(new StepOutcome.Failed("Order.Rejected", null));
    }

    @Test
    void fail_withExpressionCauseThatIsNotAString_failsWithItsJsonText() throws Exception {
        StepOutcome outcome = run("'A': {'Type': 'Fail', 'Error': 'E', 'Cause': '{% $states.input %}'}", Map.of("a", 1));

        assertThat(outcome).isEqualTo(new StepOutcome.Failed("E", "{\"a\":1}"));
    }

    // ---- runtime JSONata errors ----

    @Test
    void runtimeJsonataErrorInOutput_failsQueryEvaluationErrorNamingField() throws Exception {
        StepOutcome outcome = run("""
                'A': {'Type': 'Pass', 'End': true, 'Output': {'ok': 1, 'bad': ['x', {'sum': '{% $states.input.a + \\'text\\' %}'}]}}""",
                Map.of("a", 1));

        StepOutcome.Failed failed = failed(outcome);
        assertThat(failed.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(failed.cause()).startsWith("An error occurred while executing the state 'A'.")
                .contains("specified for the field 'Output/bad[1]/sum' threw an error during evaluation. T2002: ");
    }

    @Test
    void runtimeJsonataErrorInFailCause_failsQueryEvaluationErrorNamingField() throws Exception {
        StepOutcome.Failed failed = failed(run("'A': {'Type': 'Fail', 'Error': 'E', 'Cause': '{% $error(\\'boom\\') %}'}", Map.of()));

        assertThat(failed.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(failed.cause()).contains("specified for the field 'Cause' threw an error during evaluation. D3137: boom");
    }

    @Test
    void runtimeJsonataErrorInChoiceRuleOutput_failsQueryEvaluationErrorNamingRule() throws Exception {
        StepOutcome.Failed failed = failed(run("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Next': 'B', 'Output': {'n': '{% $number(\\'abc\\') %}'}}]},
                'B': {'Type': 'Succeed'}""", Map.of()));

        assertThat(failed.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(failed.cause()).contains("specified for the field 'Choices[0]/Output/n' threw an error during evaluation.");
    }

    @Test
    void expressionReturningAFunction_failsQueryEvaluationError() throws Exception {
        StepOutcome.Failed failed = failed(run("'A': {'Type': 'Pass', 'Output': '{% $uppercase %}', 'End': true}", Map.of()));

        assertThat(failed.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(failed.cause()).contains("specified for the field 'Output' returned an unsupported result type.");
    }

    @Test
    void runawayRecursion_failsQueryEvaluationErrorInsteadOfCrashing() throws Exception {
        StepOutcome.Failed failed = failed(run(
                "'A': {'Type': 'Pass', 'Output': '{% ($f := function($n) { 1 + $f($n + 1) }; $f(0)) %}', 'End': true}", Map.of()));

        assertThat(failed.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(failed.cause()).contains("specified for the field 'Output' threw an error during evaluation: Stack overflow");
    }

    // ---- sharing ----

    @Test
    void oneMachineAndInterpreter_canRunManyStatesConcurrently() throws Exception {
        StateMachine machine = machine("A", "'A': {'Type': 'Pass', 'Output': '{% $states.input.n * 2 %}', 'End': true}");
        List<Thread> threads = new ArrayList<>();
        List<Object> outputs = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            int base = t * 100;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 100; i++) {
                    try {
                        StepOutcome outcome = execute(machine, "A", Map.of("n", base + i));
                        outputs.add(((StepOutcome.Succeeded) outcome).output().equals((base + i) * 2));
                    } catch (Exception | AssertionError e) {
                        outputs.add(e.toString());
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(outputs).hasSize(800).containsOnly(true);
    }
}

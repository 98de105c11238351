package io.hookrun.asl;

import io.hookrun.core.time.SettableClock;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workflow variables as "Passing data between states with variables" defines them: Assign is simultaneous and sees
 * the values from before the state, new values are visible from the next state on, Map and Parallel branches read the
 * outer variables and keep their own to themselves, and the size limits.
 */
class VariablesTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2025-05-01T10:00:00Z"));
    private final StateInterpreter interpreter = new StateInterpreter(call -> {
        throw new AssertionError("no HTTP call expected");
    }, Duration.ZERO, clock, new SplittableRandom(3), 40);

    private Object output(String startAt, String states, Object input) throws Exception {
        return new MachineRunner(interpreter, clock).run(Definitions.machine(startAt, states), input).output();
    }

    @Test
    void assign_isSimultaneous_andItsValuesAreNotVisibleToTheSameStatesOutput() throws Exception {
        Object output = output("Init", """
                'Init': {'Type': 'Pass', 'Assign': {'a': 1, 'b': 2}, 'Next': 'Swap'},
                'Swap': {'Type': 'Pass', 'Assign': {'a': '{% $b %}', 'b': '{% $a %}'},
                         'Output': {'aDuringSwap': '{% $a %}'}, 'Next': 'Read'},
                'Read': {'Type': 'Pass', 'Output': {'a': '{% $a %}', 'b': '{% $b %}', 'before': '{% $states.input.aDuringSwap %}'},
                         'End': true}""", Map.of());

        assertThat(output).isEqualTo(Map.of("a", 2, "b", 1, "before", 1));
    }

    @Test
    void assign_seesTheStateInputAndATasksResult() throws Exception {
        StateInterpreter withHttp = new StateInterpreter(new ScriptedHttp().answer("/x", 201), Duration.ZERO, clock,
                new SplittableRandom(1), 40);
        StateMachine machine = Definitions.machine("Call", """
                'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke',
                         'Arguments': {'ApiEndpoint': 'http://target.test/x', 'Method': 'POST'},
                         'Assign': {'status': '{% $states.result.StatusCode %}', 'id': '{% $states.input.id %}'},
                         'Output': 'dropped', 'Next': 'Read'},
                'Read': {'Type': 'Pass', 'Output': {'status': '{% $status %}', 'id': '{% $id %}', 'in': '{% $states.input %}'},
                         'End': true}""");

        Object output = new MachineRunner(withHttp, clock).run(machine, Map.of("id", "o-1")).output();

        assertThat(output).isEqualTo(Map.of("status", 201, "id", "o-1", "in", "dropped"));
    }

    @Test
    void outcomes_carryTheWholeScope_outerVariablesIncluded() throws Exception {
        StateMachine machine = Definitions.machine("A", "'A': {'Type': 'Pass', 'Assign': {'b': 2}, 'Next': 'B'}, "
                + "'B': {'Type': 'Succeed'}");

        StepOutcome outcome = interpreter.execute(machine, "A", Definitions.in(Map.of(), Map.of("a", 1)), Deadline.none());

        assertThat(((StepOutcome.Continue) outcome).variables()).isEqualTo(Map.of("a", 1, "b", 2));
    }

    @Test
    void variables_mayHoldNull() throws Exception {
        StateMachine machine = Definitions.machine("A", "'A': {'Type': 'Pass', 'Assign': {'nothing': null}, 'Next': 'B'}, "
                + "'B': {'Type': 'Succeed'}");

        StepOutcome outcome = interpreter.execute(machine, "A", Definitions.in(Map.of(), Map.of("kept", 1)), Deadline.none());

        Map<String, Object> expected = new java.util.HashMap<>();
        expected.put("kept", 1);
        expected.put("nothing", null);
        assertThat(((StepOutcome.Continue) outcome).variables()).isEqualTo(expected);
    }

    @Test
    void aVariableHoldingNull_readsAsNull_notAsUndefined() throws Exception {
        Object output = output("A", """
                'A': {'Type': 'Pass', 'Assign': {'nothing': null}, 'Next': 'B'},
                'B': {'Type': 'Pass', 'Output': {'isNull': '{% $nothing = null %}'}, 'End': true}""", Map.of());

        assertThat(output).isEqualTo(Map.of("isNull", true));
    }

    @Test
    void choice_aMatchingRulesAssignApplies_theStatesOnlyOnTheDefault() throws Exception {
        String states = """
                'Decide': {'Type': 'Choice', 'Assign': {'path': 'default'}, 'Default': 'Read',
                           'Choices': [{'Condition': '{% $states.input.go %}', 'Assign': {'path': 'rule'}, 'Next': 'Read'}]},
                'Read': {'Type': 'Pass', 'Output': '{% $path %}', 'End': true}""";

        assertThat(output("Decide", states, Map.of("go", true))).isEqualTo("rule");
        assertThat(output("Decide", states, Map.of("go", false))).isEqualTo("default");
    }

    @Test
    void branches_readOuterVariables_andTheirOwnAreNotVisibleAfterTheJoin() throws Exception {
        Object output = output("Init", """
                'Init': {'Type': 'Pass', 'Assign': {'factor': 10}, 'Next': 'Each'},
                'Each': {'Type': 'Map', 'Items': [1, 2],
                         'ItemProcessor': {'StartAt': 'Scale', 'States': {
                             'Scale': {'Type': 'Pass', 'Assign': {'scaled': '{% $states.input * $factor %}'}, 'Next': 'Emit'},
                             'Emit': {'Type': 'Pass', 'Output': '{% $scaled %}', 'End': true}}},
                         'Next': 'After'},
                'After': {'Type': 'Pass', 'Output': {'results': '{% $states.input %}', 'factor': '{% $factor %}',
                                                     'innerVisible': '{% $exists($scaled) %}'}, 'End': true}""", Map.of());

        assertThat(output).isEqualTo(Definitions.json("{'results': [10, 20], 'factor': 10, 'innerVisible': false}"));
    }

    @Test
    void parallelBranches_eachGetTheEntryScope_notEachOthersAssignments() throws Exception {
        Object output = output("Both", """
                'Both': {'Type': 'Parallel', 'Assign': {'joined': '{% $states.result %}'}, 'Next': 'After',
                         'Branches': [
                           {'StartAt': 'L', 'States': {'L': {'Type': 'Pass', 'Assign': {'mine': 'left'}, 'Next': 'L2'},
                                                       'L2': {'Type': 'Pass', 'Output': '{% $mine %}', 'End': true}}},
                           {'StartAt': 'R', 'States': {'R': {'Type': 'Pass', 'Output': '{% $exists($mine) %}', 'End': true}}}]},
                'After': {'Type': 'Pass', 'Output': '{% $joined %}', 'End': true}""", Map.of());

        assertThat(output).isEqualTo(List.of("left", false));
    }

    @Test
    void aVariableOver256KiB_failsTheStateWithStatesRuntime() throws Exception {
        StateMachine machine = Definitions.machine("A", """
                'A': {'Type': 'Pass', 'Assign': {'big': '{% $states.input.text %}'}, 'End': true}""");

        StepOutcome outcome = interpreter.execute(machine, "A", Definitions.in(Map.of("text", "x".repeat(262_200))),
                Deadline.none());

        assertThat(outcome).isInstanceOf(StepOutcome.Failed.class);
        assertThat(((StepOutcome.Failed) outcome).error()).isEqualTo("States.Runtime");
        assertThat(((StepOutcome.Failed) outcome).cause()).contains("States.A.Assign.big").contains("256 KiB");
    }

    @Test
    void assignmentsOver256KiBTogether_failTheStateWithStatesRuntime() throws Exception {
        StateMachine machine = Definitions.machine("A", """
                'A': {'Type': 'Pass', 'End': true, 'Assign': {'a': '{% $states.input.a %}', 'b': '{% $states.input.b %}'}}""");

        StepOutcome outcome = interpreter.execute(machine, "A",
                Definitions.in(Map.of("a", "x".repeat(140_000), "b", "y".repeat(140_000))), Deadline.none());

        assertThat(outcome).isEqualTo(new StepOutcome.Failed("States.Runtime",
                "States.A.Assign: the values assigned are 280004 bytes together, more than the 256 KiB one Assign may hold"));
    }
}

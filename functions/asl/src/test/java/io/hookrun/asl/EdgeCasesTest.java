package io.hookrun.asl;

import io.hookrun.core.time.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge cases issue 7 lists where hookrun differed from AWS, run end to end through {@link MachineRunner}, and the
 * context object's shape.
 */
class EdgeCasesTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2025-05-01T10:00:00.250Z"));
    private final StateInterpreter interpreter = new StateInterpreter(call -> {
        throw new AssertionError("no HTTP call expected");
    }, Duration.ZERO, clock, new SplittableRandom(3), 40);

    private MachineRunner.Run run(String startAt, String states, Object input) throws Exception {
        return new MachineRunner(interpreter, clock).run(Definitions.machine(startAt, states), input);
    }

    @Test
    void anUndefinedWholeValue_failsWithQueryEvaluationError() throws Exception {
        MachineRunner.Run run = run("A", "'A': {'Type': 'Pass', 'Output': '{% $doesNotExist %}', 'End': true}", Map.of());

        assertThat(run.end()).isEqualTo(BranchResult.failure("States.QueryEvaluationError", "An error occurred while"
                + " executing the state 'A'. The JSONata expression '$doesNotExist' specified for the field 'Output'"
                + " returned nothing (undefined)."));
    }

    @Test
    void aMissingFieldInsideAnOutputObject_failsWithQueryEvaluationError_ratherThanBecomingNull() throws Exception {
        MachineRunner.Run run = run("A", "'A': {'Type': 'Pass', 'Output': {'result': '{% $states.input.missing %}'}, "
                + "'End': true}", Map.of());

        assertThat(run.end().error()).isEqualTo("States.QueryEvaluationError");
        assertThat(run.end().cause()).contains("'Output/result'").endsWith("returned nothing (undefined).");
    }

    @Test
    void anUndefinedAssignment_failsWithQueryEvaluationError() throws Exception {
        MachineRunner.Run run = run("A", "'A': {'Type': 'Pass', 'Assign': {'result': '{% $doesNotExist %}'}, 'End': true}",
                Map.of());

        assertThat(run.end().error()).isEqualTo("States.QueryEvaluationError");
        assertThat(run.end().cause()).contains("'Assign/result'");
    }

    @Test
    void emptyObjectsAndArrays_areKept_asOutputsInputsAndBranchResults() throws Exception {
        assertThat(run("A", "'A': {'Type': 'Pass', 'Output': {}, 'End': true}", List.of(1)).output()).isEqualTo(Map.of());
        assertThat(run("A", "'A': {'Type': 'Pass', 'Output': [], 'End': true}", Map.of()).output()).isEqualTo(List.of());
        assertThat(run("A", "'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Succeed'}", Map.of()).output())
                .isEqualTo(Map.of());
        assertThat(run("Both", """
                'Both': {'Type': 'Parallel', 'End': true, 'Branches': [
                    {'StartAt': 'E', 'States': {'E': {'Type': 'Pass', 'Output': {}, 'End': true}}},
                    {'StartAt': 'L', 'States': {'L': {'Type': 'Pass', 'Output': [], 'End': true}}}]}""", Map.of()).output())
                .isEqualTo(List.of(Map.of(), List.of()));
    }

    @Test
    void aFailStateWithCauseAndNoError_failsTheRunWithNoErrorName() throws Exception {
        MachineRunner.Run run = run("Stop", "'Stop': {'Type': 'Fail', 'Cause': 'This failed due to an Exception.'}", Map.of());

        assertThat(run.end()).isEqualTo(BranchResult.failure(null, "This failed due to an Exception."));
    }

    @Test
    void aBranchFailingWithCauseAndNoError_isCaughtByStatesAll_withAnErrorOutputOfTheCauseAlone() throws Exception {
        MachineRunner.Run run = run("Both", """
                'Both': {'Type': 'Parallel', 'Next': 'Done',
                         'Branches': [{'StartAt': 'Stop', 'States': {'Stop': {'Type': 'Fail', 'Cause': 'why'}}}],
                         'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Done'}]},
                'Done': {'Type': 'Pass', 'End': true}""", Map.of());

        assertThat(run.output()).isEqualTo(Map.of("Cause", "why"));
    }

    @Test
    void aStringWithTextAroundTheMarkers_isALiteral() throws Exception {
        assertThat(run("A", "'A': {'Type': 'Pass', 'Output': {'a': ' {% 1 + 1 %} ', 'b': 'x {% 1 %}', 'c': '{% 1 + 1 %}'}, "
                + "'End': true}", Map.of()).output())
                .isEqualTo(Map.of("a", " {% 1 + 1 %} ", "b", "x {% 1 %}", "c", 2));
    }

    // ---- $states.context ----

    @Test
    void context_hasExecutionStateMachineAndState_withTimesToTheMillisecond() throws Exception {
        MachineRunner.Run run = run("A", "'A': {'Type': 'Pass', 'Output': '{% $states.context %}', 'End': true}",
                Map.of("k", "v"));

        assertThat(run.output()).isEqualTo(Definitions.json("""
                {'Execution': {'Id': 'run-1', 'Input': {'k': 'v'}, 'Name': 'run-1', 'StartTime': '2025-05-01T10:00:00.250Z',
                               'RedriveCount': 0},
                 'StateMachine': {'Id': 'wf-test', 'Name': 'wf-test'},
                 'State': {'EnteredTime': '2025-05-01T10:00:00.250Z', 'Name': 'A'}}"""));
    }

    @Test
    void context_retryCount_isThereInStatesThatRetry_only() throws Exception {
        MachineRunner.Run run = run("Both", """
                'Both': {'Type': 'Parallel', 'End': true, 'Output': {'parallel': '{% $states.context.State.RetryCount %}',
                                                                     'branch': '{% $states.result[0] %}'},
                         'Branches': [{'StartAt': 'P', 'States': {
                             'P': {'Type': 'Pass', 'Output': '{% $exists($states.context.State.RetryCount) %}', 'End': true}}}]}""",
                Map.of());

        assertThat(run.output()).isEqualTo(Map.of("parallel", 0, "branch", false));
    }

    @Test
    void context_mapItem_isOnlyInTheItemSelector() throws Exception {
        MachineRunner.Run run = run("Each", """
                'Each': {'Type': 'Map', 'Items': ['a'], 'End': true,
                         'ItemSelector': {'index': '{% $states.context.Map.Item.Index %}'},
                         'ItemProcessor': {'StartAt': 'P', 'States': {
                             'P': {'Type': 'Pass', 'Output': {'index': '{% $states.input.index %}',
                                                              'seen': '{% $exists($states.context.Map) %}'}, 'End': true}}}}""",
                Map.of());

        assertThat(run.output()).isEqualTo(List.of(Map.of("index", 0, "seen", false)));
    }
}

package io.hookrun.asl;

import io.hookrun.core.time.SettableClock;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Map and Parallel: what {@code execute} forks, what {@code join} makes of the branch results, when
 * {@code joinReady} lets the join happen early, and whole runs through {@link MachineRunner}.
 */
class MapAndParallelTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2025-05-01T10:00:00Z"));
    private final StateInterpreter interpreter = new StateInterpreter(call -> {
        throw new AssertionError("no HTTP call expected");
    }, Duration.ZERO, clock, new SplittableRandom(3), 40);

    private MachineRunner.Run run(StateMachine machine, Object input) throws Exception {
        return new MachineRunner(interpreter, clock).run(machine, input);
    }

    private StepOutcome execute(StateMachine machine, String state, Object input) throws Exception {
        return interpreter.execute(machine, state, Definitions.in(input), Deadline.none());
    }

    private static final String DOUBLE_EACH = """
            'Each': {'Type': 'Map', ITEMS
                     'ItemProcessor': {'StartAt': 'Double', 'States': {
                         'Double': {'Type': 'Pass', 'Output': '{% $states.input * 2 %}', 'End': true}}},
                     'End': true}""";

    private static StateMachine map(String fields) throws InvalidDefinitionException {
        return Definitions.machine("Each", DOUBLE_EACH.replace("ITEMS", fields));
    }

    // ---- Map: the fork ----

    @Test
    void map_forksOneIterationPerItemOfTheInput_atTheProcessorsStart() throws Exception {
        StepOutcome outcome = execute(map(""), "Each", List.of(1, 2, 3));

        assertThat(outcome).isEqualTo(new StepOutcome.Fork(List.of("Double"), List.of(1, 2, 3), 40));
    }

    @Test
    void map_itemsExpression_andItemSelectorWithMapItemIndexAndValue() throws Exception {
        StepOutcome outcome = execute(map("""
                'Items': '{% $states.input.orders %}',
                'ItemSelector': {'at': '{% $states.context.Map.Item.Index %}', 'order': '{% $states.context.Map.Item.Value %}',
                                 'customer': '{% $states.input.customer %}'},"""),
                "Each", Definitions.json("{'customer': 'c-1', 'orders': ['a', 'b']}"));

        assertThat(((StepOutcome.Fork) outcome).inputs()).isEqualTo(Definitions.json("""
                [{'at': 0, 'order': 'a', 'customer': 'c-1'}, {'at': 1, 'order': 'b', 'customer': 'c-1'}]"""));
    }

    @Test
    void map_maxConcurrency_isKept_andZeroOrMoreThanTheCapIsTheCap() throws Exception {
        assertThat(((StepOutcome.Fork) execute(map("'MaxConcurrency': 3,"), "Each", List.of(1))).maxConcurrency()).isEqualTo(3);
        assertThat(((StepOutcome.Fork) execute(map("'MaxConcurrency': 0,"), "Each", List.of(1))).maxConcurrency()).isEqualTo(40);
        assertThat(((StepOutcome.Fork) execute(map("'MaxConcurrency': 500,"), "Each", List.of(1))).maxConcurrency()).isEqualTo(40);
        StateInterpreter capped = new StateInterpreter(call -> null, Duration.ZERO, clock, new SplittableRandom(1), 7);
        assertThat(((StepOutcome.Fork) capped.execute(map(""), "Each", Definitions.in(List.of(1)), Deadline.none()))
                .maxConcurrency()).isEqualTo(7);
    }

    /** AWS's cause, recorded by LocalStack, minus "(entered at the event id #2)": hookrun has no event ids. */
    @Test
    void map_itemsThatAreNotAnArray_failWithQueryEvaluationError_asAwsWordsIt() throws Exception {
        StepOutcome.Failed failed = (StepOutcome.Failed) execute(map("'Items': '{% {\\'foo\\': \\'bar\\'} %}',"),
                "Each", Map.of());

        assertThat(failed).isEqualTo(new StepOutcome.Failed("States.QueryEvaluationError",
                "An error occurred while executing the state 'Each'. The JSONata expression '{\"foo\": \"bar\"}' specified"
                        + " for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object'"
                        + " for value: {\"foo\":\"bar\"}"));
    }

    @Test
    void map_inputThatIsNotAnArray_withoutItems_failsWithQueryEvaluationError() throws Exception {
        assertThat(execute(map(""), "Each", "string")).isEqualTo(new StepOutcome.Failed("States.QueryEvaluationError",
                "An error occurred while executing the state 'Each'. Map state input must be an array but was: \"string\""));
    }

    // ---- Map: whole runs ----

    @Test
    void map_resultsKeepTheItemOrder_andAreTheDefaultOutput() throws Exception {
        MachineRunner.Run run = run(map("'MaxConcurrency': 2,"), List.of(5, 1, 4, 2, 3));

        assertThat(run.output()).isEqualTo(List.of(10, 2, 8, 4, 6));
    }

    @Test
    void map_overAnEmptyArray_joinsAtOnceWithAnEmptyResult() throws Exception {
        assertThat(run(map(""), List.of()).output()).isEqualTo(List.of());
    }

    @Test
    void map_outputAndAssign_seeTheResultArray() throws Exception {
        StateMachine machine = Definitions.machine("Each", """
                'Each': {'Type': 'Map', 'Items': '{% $states.input.n %}',
                         'ItemProcessor': {'StartAt': 'Square', 'States': {
                             'Square': {'Type': 'Pass', 'Output': '{% $states.input * $states.input %}', 'End': true}}},
                         'Assign': {'count': '{% $count($states.result) %}'},
                         'Output': {'sum': '{% $sum($states.result) %}', 'from': '{% $states.input.n %}'},
                         'Next': 'Report'},
                'Report': {'Type': 'Pass', 'Output': {'sum': '{% $states.input.sum %}', 'count': '{% $count %}'}, 'End': true}""");

        assertThat(run(machine, Map.of("n", List.of(1, 2, 3))).output()).isEqualTo(Map.of("sum", 14, "count", 3));
    }

    private static final String FAILING_ITEMS = """
            'Each': {'Type': 'Map', PROCESSOR_CONFIG_AND_TOLERANCE
                     'ItemProcessor': {PROCESSOR 'StartAt': 'Check', 'States': {
                         'Check': {'Type': 'Choice', 'Default': 'Ok',
                                   'Choices': [{'Condition': '{% $states.input < 0 %}', 'Next': 'Bad'}]},
                         'Bad': {'Type': 'Fail', 'Error': 'Item.Negative', 'Cause': '{% $string($states.input) %}'},
                         'Ok': {'Type': 'Pass', 'End': true}}},
                     'End': true}""";

    private static StateMachine failingItems(String processor, String tolerance) throws InvalidDefinitionException {
        return Definitions.machine("Each", FAILING_ITEMS.replace("PROCESSOR_CONFIG_AND_TOLERANCE", tolerance)
                .replace("PROCESSOR", processor));
    }

    @Test
    void inlineMap_failsWithTheFailedIterationsOwnError_evenWithAToleranceSet() throws Exception {
        MachineRunner.Run run = run(failingItems("", "'ToleratedFailureCount': 5,"), List.of(1, -2, 3));

        assertThat(run.end()).isEqualTo(BranchResult.failure("Item.Negative", "-2"));
    }

    @Test
    void inlineMap_stopsStartingIterations_onceOneFailed() throws Exception {
        MachineRunner.Run run = run(failingItems("", "'MaxConcurrency': 1,"), List.of(1, -2, 3, 4));

        assertThat(run.steps()).extracting(MachineRunner.Step::frame).contains("0.1").doesNotContain("0.2", "0.3");
    }

    @Test
    void joinReady_inlineMap_onTheFirstFailureOrWhenAllEnded() throws Exception {
        StateMachine inline = failingItems("", "'ToleratedFailureCount': 3,");

        assertThat(interpreter.joinReady(inline, "Each", 10, 5, 0)).isFalse();
        assertThat(interpreter.joinReady(inline, "Each", 10, 5, 1)).isTrue();
        assertThat(interpreter.joinReady(inline, "Each", 10, 0, 0)).isTrue();
    }

    // The validator refuses Distributed Map for now, so its tolerance rules are checked on the state's fields directly.

    @SuppressWarnings("unchecked")
    private static Map<String, Object> distributedMap(String tolerance) {
        return (Map<String, Object>) Definitions.json("{" + tolerance + "'ItemProcessor': {'ProcessorConfig': "
                + "{'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'}, 'StartAt': 'X', 'States': {}}}");
    }

    @Test
    void distributedMap_toleratesFailuresUpToTheCountOrPercentage_andAZeroThresholdIsNotSet() throws Exception {
        assertThat(MapFork.exceeded("M", distributedMap("'ToleratedFailureCount': 2,"), 2, 10, null, Map.of())).isFalse();
        assertThat(MapFork.exceeded("M", distributedMap("'ToleratedFailureCount': 2,"), 3, 10, null, Map.of())).isTrue();
        assertThat(MapFork.exceeded("M", distributedMap("'ToleratedFailurePercentage': 40,"), 4, 10, null, Map.of())).isFalse();
        assertThat(MapFork.exceeded("M", distributedMap("'ToleratedFailurePercentage': 40,"), 5, 10, null, Map.of())).isTrue();
        assertThat(MapFork.exceeded("M", distributedMap(""), 1, 10, null, Map.of())).isTrue();
        assertThat(MapFork.exceeded("M", distributedMap("'ToleratedFailureCount': 0, 'ToleratedFailurePercentage': 50,"),
                3, 10, null, Map.of())).isFalse();
        assertThat(MapFork.exceeded("M", distributedMap("'ToleratedFailureCount': '{% 1 %}',"), 9, 10, null, Map.of()))
                .as("an expression threshold waits for the join").isFalse();
    }

    @Test
    void distributedMap_aToleratedFailure_takesItsPlaceInTheResultAsAFailedRecord() {
        assertThat(MapFork.result(List.of(BranchResult.success(1), BranchResult.failure("Item.Negative", "-2"))))
                .isEqualTo(Definitions.json("[1, {'Status': 'FAILED', 'Error': 'Item.Negative', 'Cause': '-2'}]"));
    }

    // ---- Parallel ----

    private static final String TWO_BRANCHES = """
            'Both': {'Type': 'Parallel', FIELDS
                     'Branches': [
                       {'StartAt': 'Left', 'States': {'Left': {'Type': 'Pass', 'Output': {'left': '{% $states.input %}'}, 'End': true}}},
                       {'StartAt': 'Right', 'States': {'Right': {'Type': 'Pass', 'Output': {'right': '{% $states.input %}'}, 'End': true}}}],
                     'End': true}""";

    private static StateMachine parallel(String fields) throws InvalidDefinitionException {
        return Definitions.machine("Both", TWO_BRANCHES.replace("FIELDS", fields));
    }

    @Test
    void parallel_forksEveryBranchWithTheSameInput_atOnce() throws Exception {
        assertThat(execute(parallel(""), "Both", "x"))
                .isEqualTo(new StepOutcome.Fork(List.of("Left", "Right"), List.of("x", "x"), 2));
    }

    @Test
    void parallel_argumentsAreEveryBranchsInput() throws Exception {
        StepOutcome.Fork fork = (StepOutcome.Fork) execute(parallel("'Arguments': {'id': '{% $states.input.id %}'},"),
                "Both", Map.of("id", 7, "other", true));

        assertThat(fork.inputs()).containsExactly(Map.of("id", 7), Map.of("id", 7));
    }

    @Test
    void parallel_resultsAreInBranchOrder() throws Exception {
        assertThat(run(parallel(""), 1).output()).isEqualTo(Definitions.json("[{'left': 1}, {'right': 1}]"));
    }

    private static final String FAILING_BRANCH = """
            'Both': {'Type': 'Parallel', FIELDS
                     'Branches': [
                       {'StartAt': 'Fine', 'States': {'Fine': {'Type': 'Pass', 'End': true}}},
                       {'StartAt': 'Broken', 'States': {'Broken': {'Type': 'Fail', 'Error': 'FailureType', 'Cause': 'Cause description'}}}],
                     'Next': 'Done'},
            'Done': {'Type': 'Succeed'}""";

    /** LocalStack's recording on AWS: the Parallel state fails with the branch's own error, not States.BranchFailed. */
    @Test
    void parallel_aFailedBranch_failsTheStateWithTheBranchsOwnErrorAndCause() throws Exception {
        MachineRunner.Run run = run(Definitions.machine("Both", FAILING_BRANCH.replace("FIELDS", "")), Map.of());

        assertThat(run.end()).isEqualTo(BranchResult.failure("FailureType", "Cause description"));
    }

    @Test
    void parallel_aFailedBranch_isCaughtByACatcherOnItsErrorName_withErrorOutputAsOutput() throws Exception {
        StateMachine machine = Definitions.machine("Both", FAILING_BRANCH.replace("FIELDS",
                "'Catch': [{'ErrorEquals': ['FailureType'], 'Next': 'Caught'}],")
                + ", 'Caught': {'Type': 'Pass', 'End': true}");

        MachineRunner.Run run = run(machine, Map.of());

        assertThat(run.visited()).containsExactly("Both", "Caught");
        assertThat(run.output()).isEqualTo(Map.of("Error", "FailureType", "Cause", "Cause description"));
    }

    @Test
    void parallel_aFailedBranch_isRetriedAsAWhole() throws Exception {
        StateMachine machine = Definitions.machine("Both", FAILING_BRANCH.replace("FIELDS",
                "'Retry': [{'ErrorEquals': ['States.ALL'], 'MaxAttempts': 2, 'IntervalSeconds': 3}],"));

        MachineRunner.Run run = run(machine, Map.of());

        assertThat(run.retryDelays()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(6));
        assertThat(run.stepsOf("Broken")).hasSize(3);
        assertThat(run.end().error()).isEqualTo("FailureType");
    }

    @Test
    void joinReady_parallel_onTheFirstFailedBranch_orWhenAllEnded() throws Exception {
        StateMachine machine = parallel("");

        assertThat(interpreter.joinReady(machine, "Both", 2, 1, 0)).isFalse();
        assertThat(interpreter.joinReady(machine, "Both", 2, 1, 1)).isTrue();
        assertThat(interpreter.joinReady(machine, "Both", 2, 0, 0)).isTrue();
    }

    @Test
    void nested_mapInsideParallelInsideMap_keepsEveryLevelsOrder() throws Exception {
        StateMachine machine = Definitions.machine("Outer", """
                'Outer': {'Type': 'Map', 'ItemProcessor': {'StartAt': 'Both', 'States': {
                    'Both': {'Type': 'Parallel', 'End': true, 'Branches': [
                        {'StartAt': 'Inner', 'States': {'Inner': {'Type': 'Map', 'Items': '{% [1..$states.input] %}', 'End': true,
                            'ItemProcessor': {'StartAt': 'Tag', 'States': {
                                'Tag': {'Type': 'Pass', 'Output': '{% $states.input * 10 %}', 'End': true}}}}}},
                        {'StartAt': 'Self', 'States': {'Self': {'Type': 'Pass', 'End': true}}}]}}},
                  'End': true}""");

        MachineRunner.Run run = run(machine, List.of(2, 3));

        assertThat(run.output()).isEqualTo(Definitions.json("[[[10, 20], 2], [[10, 20, 30], 3]]"));
        List<String> frames = new ArrayList<>(run.steps().stream().map(MachineRunner.Step::frame).distinct().toList());
        assertThat(frames).contains("0.0", "0.1", "0.0/0.0", "0.0/0.0/0.1");
    }
}

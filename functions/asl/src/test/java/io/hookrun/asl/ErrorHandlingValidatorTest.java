package io.hookrun.asl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.hookrun.asl.ValidatorFixture.problemsOfStates;
import static io.hookrun.asl.ValidatorFixture.task;
import static io.hookrun.asl.ValidatorFixture.validStates;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ErrorHandlingValidator} through {@link StateMachine#parse}: Retriers and Catchers on Task, Parallel and Map
 * states, with the limits Step Functions documents.
 */
class ErrorHandlingValidatorTest {

    /** An http:invoke Task A with the given Retry array, ending the machine. */
    private static String retry(String retriers) {
        return task("A", "'Retry': " + retriers + ", 'End': true");
    }

    /** An http:invoke Task A with the given Catch array, ending the machine, and a Fail state B to catch to. */
    private static String catching(String catchers) {
        return task("A", "'Catch': " + catchers + ", 'End': true") + ", 'B': {'Type': 'Fail'}";
    }

    // ---- Retry ----

    @Test
    void retrierWithEveryField_isAccepted() {
        StateMachine machine = validStates(retry("""
                [{'ErrorEquals': ['States.Timeout', 'Custom.Error'], 'IntervalSeconds': 3, 'MaxAttempts': 2,
                  'BackoffRate': 2.0, 'MaxDelaySeconds': 4, 'JitterStrategy': 'NONE', 'Comment': 'timeouts'},
                 {'ErrorEquals': ['States.ALL']}]"""));

        assertThat(machine.state("A")).containsKey("Retry");
    }

    @Test
    void emptyRetry_isAccepted() {
        assertThat(validStates(retry("[]")).state("A")).containsKey("Retry");
    }

    @Test
    void retryThatIsNotAnArray_isRefused() {
        assertThat(problemsOfStates(retry("{'ErrorEquals': ['States.ALL']}")))
                .containsExactly("States.A.Retry: must be an array of Retriers");
    }

    @Test
    void retrierThatIsNotAnObject_isRefused() {
        assertThat(problemsOfStates(retry("['States.ALL']"))).containsExactly("States.A.Retry[0]: a Retrier must be an object");
    }

    @Test
    void retrierWithoutErrorEquals_isRefused() {
        assertThat(problemsOfStates(retry("[{'MaxAttempts': 1}]")))
                .containsExactly("States.A.Retry[0].ErrorEquals: is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "'States.ALL'", "[1]", "['States.Timeout', null]"})
    void errorEqualsThatIsNotANonEmptyArrayOfNames_isRefused(String errorEquals) {
        assertThat(problemsOfStates(retry("[{'ErrorEquals': " + errorEquals + "}]")))
                .containsExactly("States.A.Retry[0].ErrorEquals: must be a non-empty array of error names (strings)");
    }

    @Test
    void statesAllWithOtherNames_isRefused() {
        assertThat(problemsOfStates(retry("[{'ErrorEquals': ['States.ALL', 'States.Timeout']}]")))
                .containsExactly("States.A.Retry[0].ErrorEquals: States.ALL must appear alone in ErrorEquals");
    }

    @Test
    void statesAllInARetrierThatIsNotTheLast_isRefusedNamingIt() {
        assertThat(problemsOfStates(retry("[{'ErrorEquals': ['States.Timeout']}, {'ErrorEquals': ['States.ALL']},"
                + " {'ErrorEquals': ['Custom']}]")))
                .containsExactly("States.A.Retry[1].ErrorEquals: States.ALL may only appear in the last Retrier");
    }

    @ParameterizedTest
    @CsvSource({
            "IntervalSeconds, 1", "IntervalSeconds, 99999999",
            "MaxAttempts, 0", "MaxAttempts, 99999999",
            "BackoffRate, 1", "BackoffRate, 1.0", "BackoffRate, 7.5",
            "MaxDelaySeconds, 1", "MaxDelaySeconds, 31622400"})
    void retrierNumberAtItsLimits_isAccepted(String field, String value) {
        validStates(retry("[{'ErrorEquals': ['States.ALL'], '" + field + "': " + value + "}]"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "IntervalSeconds | 0          | must be a positive integer (got 0)",
            "IntervalSeconds | 1.5        | must be a positive integer",
            "IntervalSeconds | '1'        | must be a positive integer",
            "IntervalSeconds | 100000000  | must be at most 99999999 (got 100000000)",
            "MaxAttempts     | -1         | must be a non-negative integer (got -1)",
            "MaxAttempts     | 100000000  | must be at most 99999999 (got 100000000)",
            "MaxDelaySeconds | 0          | must be a positive integer (got 0)",
            "MaxDelaySeconds | 31622401   | must be at most 31622400 (got 31622401)",
            "BackoffRate     | 0.5        | must be a number greater than or equal to 1.0",
            "BackoffRate     | '2'        | must be a number greater than or equal to 1.0",
            "JitterStrategy  | 'full'     | must be \"FULL\" or \"NONE\" (got 'full')",
            "JitterStrategy  | 'PARTIAL'  | must be \"FULL\" or \"NONE\" (got 'PARTIAL')",
            "Comment         | 3          | must be a string"})
    void retrierFieldOutsideItsLimits_isRefused(String field, String value, String message) {
        assertThat(problemsOfStates(retry("[{'ErrorEquals': ['States.ALL'], '" + field + "': " + value + "}]")))
                .containsExactly("States.A.Retry[0]." + field + ": " + message);
    }

    @Test
    void retrierFieldAsAnExpression_isRefusedBecauseRetriersTakeLiteralsOnly() {
        assertThat(problemsOfStates(retry("[{'ErrorEquals': ['States.ALL'], 'MaxAttempts': '{% 3 %}'}]")))
                .containsExactly("States.A.Retry[0].MaxAttempts: must be a non-negative integer");
    }

    @Test
    void unknownRetrierField_isRefused() {
        assertThat(problemsOfStates(retry("[{'ErrorEquals': ['States.ALL'], 'Next': 'B'}]")))
                .containsExactly("States.A.Retry[0].Next: Field 'Next' is not supported in a Retrier (it takes"
                        + " BackoffRate, Comment, ErrorEquals, IntervalSeconds, JitterStrategy, MaxAttempts,"
                        + " MaxDelaySeconds)");
    }

    // ---- Catch ----

    @Test
    void catcherWithEveryField_isAccepted() {
        StateMachine machine = validStates(catching("""
                [{'ErrorEquals': ['States.Http.StatusCode.404'], 'Next': 'B', 'Comment': 'not found',
                  'Output': {'error': '{% $states.errorOutput %}'}, 'Assign': {'lastError': '{% $states.errorOutput.Error %}'}},
                 {'ErrorEquals': ['States.ALL'], 'Next': 'B'}]"""));

        assertThat(machine.state("A")).containsKey("Catch");
    }

    @Test
    void catchThatIsNotAnArray_isRefused() {
        assertThat(problemsOfStates(catching("{'ErrorEquals': ['States.ALL'], 'Next': 'B'}")))
                .containsExactly("States.A.Catch: must be an array of Catchers", "States.B: is not reachable from StartAt");
    }

    @Test
    void catcherThatIsNotAnObject_isRefused() {
        assertThat(problemsOfStates(catching("['B']")))
                .containsExactly("States.A.Catch[0]: a Catcher must be an object", "States.B: is not reachable from StartAt");
    }

    @Test
    void catcherWithoutErrorEqualsOrNext_reportsBoth() {
        assertThat(problemsOfStates(catching("[{'Output': {}}]")))
                .containsExactly("States.A.Catch[0].ErrorEquals: is required", "States.A.Catch[0].Next: is required",
                        "States.B: is not reachable from StartAt");
    }

    @Test
    void catcherNextToUnknownState_isRefused() {
        assertThat(problemsOfStates(catching("[{'ErrorEquals': ['States.ALL'], 'Next': 'Nope'}]")))
                .containsExactly("States.A.Catch[0].Next: 'Nope' is not a state", "States.B: is not reachable from StartAt");
    }

    @Test
    void statesAllInACatcherThatIsNotTheLast_isRefused() {
        assertThat(problemsOfStates(catching("[{'ErrorEquals': ['States.ALL'], 'Next': 'B'},"
                + " {'ErrorEquals': ['States.Timeout'], 'Next': 'B'}]")))
                .containsExactly("States.A.Catch[0].ErrorEquals: States.ALL may only appear in the last Catcher");
    }

    @Test
    void statesAllWithOtherNamesInACatcher_isRefused() {
        assertThat(problemsOfStates(catching("[{'ErrorEquals': ['States.Timeout', 'States.ALL'], 'Next': 'B'}]")))
                .containsExactly("States.A.Catch[0].ErrorEquals: States.ALL must appear alone in ErrorEquals");
    }

    @Test
    void catcherResultPath_isRefusedAsAJsonPathField() {
        assertThat(problemsOfStates(catching("[{'ErrorEquals': ['States.ALL'], 'ResultPath': '$.error', 'Next': 'B'}]")))
                .containsExactly("States.A.Catch[0].ResultPath: 'ResultPath' is a JSONPath field, and JSONPath is not"
                        + " supported yet (JSONata states use Arguments, Output and Assign with {% %} expressions)");
    }

    @Test
    void unknownCatcherField_isRefused() {
        assertThat(problemsOfStates(catching("[{'ErrorEquals': ['States.ALL'], 'Next': 'B', 'MaxAttempts': 1}]")))
                .containsExactly("States.A.Catch[0].MaxAttempts: Field 'MaxAttempts' is not supported in a Catcher (it"
                        + " takes Assign, Comment, ErrorEquals, Next, Output)");
    }

    @Test
    void catcherOutputAndAssignAreChecked() {
        assertThat(problemsOfStates(catching("[{'ErrorEquals': ['States.ALL'], 'Next': 'B', 'Output': '{% ( %}',"
                + " 'Assign': {'bad-name': 1}}]")))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("States.A.Catch[0].Output: JSONata does not parse: "))
                .anySatisfy(p -> assertThat(p).startsWith("States.A.Catch[0].Assign.bad-name: 'bad-name' is not a"
                        + " valid variable name"));
    }

    // ---- on Parallel and Map, and inside branches ----

    @ParameterizedTest
    @ValueSource(strings = {"Parallel", "Map"})
    void retryAndCatchOnParallelAndMap_areChecked(String type) {
        String container = "Parallel".equals(type)
                ? "'Branches': [{'StartAt': 'In', 'States': {'In': {'Type': 'Succeed'}}}]"
                : "'ItemProcessor': {'StartAt': 'In', 'States': {'In': {'Type': 'Succeed'}}}";
        assertThat(problemsOfStates("'A': {'Type': '" + type + "', " + container + ", 'End': true,"
                + " 'Retry': [{'ErrorEquals': ['States.ALL'], 'BackoffRate': 0}],"
                + " 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Nope'}]}"))
                .containsExactly("States.A.Retry[0].BackoffRate: must be a number greater than or equal to 1.0",
                        "States.A.Catch[0].Next: 'Nope' is not a state");
    }

    @Test
    void retryInsideAMapItemProcessor_isReportedAtItsNestedLocation() {
        assertThat(problemsOfStates("'A': {'Type': 'Map', 'End': true, 'ItemProcessor': {'StartAt': 'T', 'States': {"
                + task("T", "'Retry': [{'ErrorEquals': ['States.ALL']}, {'ErrorEquals': ['Late']}], 'End': true") + "}}}"))
                .containsExactly("States.A.ItemProcessor.States.T.Retry[0].ErrorEquals: States.ALL may only appear in"
                        + " the last Retrier");
    }
}

package io.hookrun.asl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.hookrun.asl.ValidatorFixture.HTTP;
import static io.hookrun.asl.ValidatorFixture.definition;
import static io.hookrun.asl.ValidatorFixture.problemsOfStates;
import static io.hookrun.asl.ValidatorFixture.task;
import static io.hookrun.asl.ValidatorFixture.validStates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link StateValidator}, {@link StateFields}, {@link ContainerValidator} and {@link FieldValues} through
 * {@link StateMachine#parse}: the fields each state type takes in JSONata mode, their values, transitions, and
 * expressions that do not compile, each reported at its location.
 */
class StateValidatorTest {

    // ---- types and transitions ----

    @Test
    void unknownType_isRefusedNamingStateAndType() {
        assertThat(problemsOfStates("'A': {'Type': 'Bogus'}"))
                .containsExactly("States.A.Type: 'Bogus' is not a state type (one of [Choice, Fail, Map, Parallel, Pass,"
                        + " Succeed, Task, Wait])");
    }

    @Test
    void stateWithoutType_isRefused() {
        assertThat(problemsOfStates("'A': {'End': true}")).containsExactly("States.A.Type: is required");
    }

    @Test
    void stateThatIsNotAnObject_isRefused() {
        assertThat(problemsOfStates("'A': 'Succeed'")).containsExactly("States.A: must be an object");
    }

    @Test
    void nextToUnknownState_isRefusedNamingField() {
        assertThat(problemsOfStates("'A': {'Type': 'Pass', 'Next': 'Nope'}, 'B': {'Type': 'Succeed'}"))
                .containsExactly("States.A.Next: 'Nope' is not a state", "States.B: is not reachable from StartAt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pass", "Wait", "Parallel", "Map"})
    void stateThatMustTransitionWithNeitherNextNorEnd_isRefused(String type) {
        assertThat(problemsOfStates("'A': {'Type': '" + type + "'}, 'B': {'Type': 'Succeed'}"))
                .contains("States.A: needs Next or \"End\": true");
    }

    @Test
    void taskWithNeitherNextNorEnd_isRefused() {
        assertThat(problemsOfStates(task("A", "'Comment': 'no way out'") + ", 'B': {'Type': 'Succeed'}"))
                .contains("States.A: needs Next or \"End\": true");
    }

    @Test
    void endFalseWithoutNext_isRefusedAsNeitherNextNorEnd() {
        assertThat(problemsOfStates("'A': {'Type': 'Pass', 'End': false}, 'B': {'Type': 'Succeed'}"))
                .contains("States.A: needs Next or \"End\": true");
    }

    @Test
    void endThatIsNotABoolean_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Pass', 'End': 'true'}, 'B': {'Type': 'Succeed'}"))
                .contains("States.A.End: must be true or false");
    }

    @Test
    void bothNextAndEnd_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Pass', 'Next': 'B', 'End': true}, 'B': {'Type': 'Succeed'}"))
                .containsExactly("States.A: has both Next and End");
    }

    @ParameterizedTest
    @CsvSource({"Succeed, Next", "Fail, Next", "Succeed, End", "Fail, End"})
    void transitionOnATerminalType_isNotSupported(String type, String field) {
        assertThat(problemsOfStates("'A': {'Type': '" + type + "', '" + field + "': " + ("Next".equals(field) ? "'B'" : "true")
                + "}, 'B': {'Type': 'Succeed'}"))
                .contains("States.A." + field + ": Field '" + field + "' is not supported on a " + type + " state");
    }

    // ---- fields each type takes ----

    @ParameterizedTest
    @ValueSource(strings = {
            "'A': {'Type': 'Pass', 'Assign': {'x': 1}, 'Output': {'y': 2}, 'Comment': 'c', 'QueryLanguage': 'JSONata', 'End': true}",
            "'A': {'Type': 'Succeed', 'Output': '{% $states.input %}', 'Comment': 'c', 'QueryLanguage': 'JSONata'}",
            "'A': {'Type': 'Fail', 'Error': 'E', 'Cause': 'C', 'Comment': 'c', 'QueryLanguage': 'JSONata'}",
            "'A': {'Type': 'Wait', 'Seconds': 0, 'Assign': {'x': 1}, 'Output': {}, 'Comment': 'c', 'End': true}",
            "'A': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Next': 'B'}], 'Default': 'B', 'Assign': {'x': 1},"
                    + " 'Output': [], 'Comment': 'c'}, 'B': {'Type': 'Succeed'}"})
    void everyFieldPassSucceedFailWaitAndChoiceTake_isAccepted(String states) {
        assertThat(validStates(states).stateNames()).startsWith("A");
    }

    @Test
    void everyFieldTaskParallelAndMapTake_isAccepted() {
        StateMachine machine = validStates(task("A", """
                'TimeoutSeconds': 20, 'HeartbeatSeconds': 10, 'Assign': {'x': 1}, 'Output': 1, 'Comment': 'c',
                'QueryLanguage': 'JSONata', 'Retry': [], 'Catch': [], 'Next': 'P'""") + """
                , 'P': {'Type': 'Parallel', 'Arguments': [1, 2], 'Branches': [{'StartAt': 'B1', 'Comment': 'c',
                   'States': {'B1': {'Type': 'Succeed'}}}], 'Assign': {'y': 1}, 'Output': 2, 'Comment': 'c',
                   'Retry': [], 'Catch': [], 'Next': 'M'},
                'M': {'Type': 'Map', 'Items': [1, 2], 'ItemSelector': '{% $states.context.Map.Item.Value %}',
                   'ItemProcessor': {'StartAt': 'M1', 'Comment': 'c', 'ProcessorConfig': {'Mode': 'INLINE'},
                     'States': {'M1': {'Type': 'Succeed'}}},
                   'MaxConcurrency': 0, 'ToleratedFailureCount': 0, 'ToleratedFailurePercentage': 0,
                   'Assign': {'z': 1}, 'Output': 3, 'Comment': 'c', 'Retry': [], 'Catch': [], 'End': true}""");

        assertThat(machine.stateNames()).containsExactly("A", "P", "B1", "M", "M1");
    }

    @ParameterizedTest
    @CsvSource({
            "Pass, Arguments", "Pass, Retry", "Pass, Catch", "Pass, TimeoutSeconds",
            "Wait, Arguments", "Wait, Retry", "Wait, Catch",
            "Choice, Retry", "Choice, Catch", "Choice, Next", "Choice, End",
            "Succeed, Assign", "Succeed, Arguments",
            "Fail, Output", "Fail, Assign",
            "Parallel, TimeoutSeconds", "Parallel, HeartbeatSeconds", "Parallel, Items",
            "Map, TimeoutSeconds", "Map, Arguments", "Map, Branches"})
    void fieldThatAnotherTypeTakes_isNotSupportedOnThisType(String type, String field) {
        assertThat(problemsOfStates("'A': {'Type': '" + type + "', '" + field + "': 1}"))
                .contains("States.A." + field + ": Field '" + field + "' is not supported on a " + type + " state");
    }

    @Test
    void unknownStateField_isRefusedByName() {
        assertThat(problemsOfStates("'A': {'Type': 'Pass', 'Ouptut': {}, 'End': true}"))
                .containsExactly("States.A.Ouptut: Field 'Ouptut' is not supported (no state type has it)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Parameters", "ResultPath", "InputPath", "OutputPath", "ResultSelector", "Result",
            "ErrorPath", "CausePath", "SecondsPath", "TimestampPath", "ItemsPath", "MaxConcurrencyPath",
            "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "TimeoutSecondsPath", "HeartbeatSecondsPath"})
    void jsonPathField_isRefusedSayingJsonPathIsNotSupportedYet(String field) {
        assertThat(problemsOfStates("'A': {'Type': 'Pass', '" + field + "': '$.x', 'End': true}"))
                .containsExactly("States.A." + field + ": '" + field + "' is a JSONPath field, and JSONPath is not"
                        + " supported yet (JSONata states use Arguments, Output and Assign with {% %} expressions)");
    }

    @Test
    void stateQueryLanguageJsonPath_isRefusedSayingJsonPathIsNotSupportedYet() {
        assertThat(problemsOfStates("'A': {'Type': 'Succeed', 'QueryLanguage': 'JSONPath'}"))
                .containsExactly("States.A.QueryLanguage: 'JSONPath' is not supported yet (hookrun runs JSONata states"
                        + " only)");
    }

    @Test
    void stateQueryLanguageOfAnotherValue_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Succeed', 'QueryLanguage': 'XPath'}"))
                .containsExactly("States.A.QueryLanguage: must be \"JSONata\" or absent (got 'XPath')");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ItemReader", "ItemBatcher", "ResultWriter", "Label"})
    void distributedMapField_isRefusedSayingMapRunsInline(String field) {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Map', '@F@': {}, 'End': true,
                      'ItemProcessor': {'StartAt': 'B', 'States': {'B': {'Type': 'Succeed'}}}}""".replace("@F@", field)))
                .containsExactly("States.A." + field + ": '" + field + "' is a Distributed Map field, and Distributed"
                        + " Map is not supported (hookrun runs Map inline)");
    }

    @Test
    void iterator_isRefusedPointingToItemProcessor() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Map', 'End': true, 'Iterator': {'StartAt': 'B', 'States': {'B': {'Type': 'Succeed'}}}}"""))
                .containsExactly("States.A.Iterator: 'Iterator' is the deprecated name of ItemProcessor and is not"
                        + " supported: use ItemProcessor", "States.A.ItemProcessor: is required");
    }

    @Test
    void taskCredentials_isRefusedAsNotSupportedYet() {
        assertThat(problemsOfStates(task("A", "'Credentials': {'RoleArn': 'arn:aws:iam::1:role/x'}, 'End': true")))
                .containsExactly("States.A.Credentials: 'Credentials' (a task's cross-account credentials) is not"
                        + " supported yet");
    }

    @Test
    void commentThatIsNotAString_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Succeed', 'Comment': ['a']}"))
                .containsExactly("States.A.Comment: must be a string");
    }

    // ---- Task ----

    @Test
    void taskWithAnotherResource_isRefusedNamingIt() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',
                      'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'}, 'End': true}"""))
                .containsExactly("States.A.Resource: must be one of [" + HTTP + ", arn:hookrun:::dify:chatMessage, arn:hookrun:::dify:runWorkflow],"
                        + " optionally with the suffix .waitForTaskToken (got"
                        + " 'arn:aws:states:::lambda:invoke')");
    }

    @Test
    void taskWithoutResource_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Task', 'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'}, 'End': true}"))
                .containsExactly("States.A.Resource: must be one of [" + HTTP + ", arn:hookrun:::dify:chatMessage, arn:hookrun:::dify:runWorkflow],"
                        + " optionally with the suffix .waitForTaskToken (got nothing)");
    }

    @Test
    void taskWithoutArguments_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Task', 'Resource': '" + HTTP + "', 'End': true}"))
                .containsExactly("States.A.Arguments: an object is required");
    }

    @Test
    void taskWithoutApiEndpointAndMethod_reportsBoth() {
        assertThat(problemsOfStates("'A': {'Type': 'Task', 'Resource': '" + HTTP + "', 'Arguments': {'Headers': {}}, 'End': true}"))
                .containsExactly("States.A.Arguments.ApiEndpoint: is required", "States.A.Arguments.Method: is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FETCH", "get", "Post", ""})
    void taskWithBadLiteralMethod_isRefused(String method) {
        assertThat(problemsOfStates("'A': {'Type': 'Task', 'Resource': '" + HTTP + "', 'Arguments': {'ApiEndpoint':"
                + " 'https://x.test', 'Method': '" + method + "'}, 'End': true}"))
                .containsExactly("States.A.Arguments.Method: must be one of [DELETE, GET, HEAD, OPTIONS, PATCH, POST,"
                        + " PUT] or a {% %} expression");
    }

    @Test
    void taskWithExpressionMethodAndEndpoint_isAccepted() {
        StateMachine machine = validStates("'A': {'Type': 'Task', 'Resource': '" + HTTP + "', 'Arguments': {'ApiEndpoint':"
                + " '{% $states.input.url %}', 'Method': '{% $states.input.verb %}'}, 'End': true}");

        assertThat(machine.stateType("A")).isEqualTo("Task");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://x.test/file", "example.com/path", "http://", "file:///etc/passwd"})
    void taskWithNonHttpApiEndpoint_isRefused(String endpoint) {
        assertThat(problemsOfStates("'A': {'Type': 'Task', 'Resource': '" + HTTP + "', 'Arguments': {'ApiEndpoint': '"
                + endpoint + "', 'Method': 'GET'}, 'End': true}"))
                .containsExactly("States.A.Arguments.ApiEndpoint: must be an http(s) URL or a {% %} expression");
    }

    @Test
    void taskWithHeadersOrQueryNotAnObject_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Task', 'Resource': '" + HTTP + "', 'Arguments': {'ApiEndpoint':"
                + " 'https://x.test', 'Method': 'GET', 'Headers': ['a'], 'QueryParameters': 'q=1'}, 'End': true}"))
                .containsExactly("States.A.Arguments.Headers: must be an object or a {% %} expression",
                        "States.A.Arguments.QueryParameters: must be an object or a {% %} expression");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TimeoutSeconds", "HeartbeatSeconds"})
    void taskSecondsThatAreNotPositiveWhole_areRefused(String field) {
        for (String value : List.of("0", "-5", "2.5", "'30'", "true")) {
            assertThat(problemsOfStates(task("A", "'" + field + "': " + value + ", 'End': true")))
                    .as(value)
                    .containsExactly("States.A." + field + ": must be a positive whole number of seconds or a {% %}"
                            + " expression");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TimeoutSeconds", "HeartbeatSeconds"})
    void taskSecondsAboveWhatTheStepFunctionAllows_areRefusedByDefault(String field) {
        assertThat(problemsOfStates(task("A", "'" + field + "': 118, 'End': true")))
                .containsExactly("States.A." + field + ": must be at most 117 (a state runs within one invocation of"
                        + " the step function, and must end before it does)");
    }

    @Test
    void taskTimeoutSecondsOfLongMaxValue_isRefusedRatherThanOverflowingLater() {
        assertThat(problemsOfStates(task("A", "'TimeoutSeconds': " + Long.MAX_VALUE + ", 'End': true")))
                .singleElement().asString().startsWith("States.A.TimeoutSeconds: must be at most 117");
    }

    @Test
    void taskTimeoutSecondsAtTheCap_isAccepted() {
        StateMachine machine = validStates(task("A", "'TimeoutSeconds': 27, 'End': true"));

        assertThat(machine.state("A")).containsEntry("TimeoutSeconds", 27);
    }

    @Test
    void taskTimeoutSecondsIsCheckedAgainstTheLimitsGiven() throws Exception {
        String definition = definition(task("A", "'TimeoutSeconds': 100, 'End': true"));

        assertThat(StateMachine.parse(definition, new DefinitionLimits(100)).stateType("A")).isEqualTo("Task");
        assertThat(catchThrowableOfType(InvalidDefinitionException.class,
                () -> StateMachine.parse(definition, new DefinitionLimits(99))).problems())
                .containsExactly("States.A.TimeoutSeconds: must be at most 99 (a state runs within one invocation of"
                        + " the step function, and must end before it does)");
    }

    @Test
    void taskTimeoutSecondsWithoutCapIsStillBoundByStepFunctionsMaximum() {
        String definition = definition(task("A", "'TimeoutSeconds': 100000000, 'End': true"));

        assertThat(catchThrowableOfType(InvalidDefinitionException.class,
                () -> StateMachine.parse(definition, DefinitionLimits.UNCAPPED)).problems())
                .containsExactly("States.A.TimeoutSeconds: must be at most 99999999");
    }

    @ParameterizedTest
    @CsvSource({"10, 10", "10, 11"})
    void heartbeatNotSmallerThanTimeout_isRefused(int timeout, int heartbeat) {
        assertThat(problemsOfStates(task("A", "'TimeoutSeconds': " + timeout + ", 'HeartbeatSeconds': " + heartbeat
                + ", 'End': true")))
                .containsExactly("States.A.HeartbeatSeconds: must be smaller than TimeoutSeconds (" + timeout + ")");
    }

    @Test
    void taskSecondsAsExpressions_areAcceptedAndCheckedWhenTheyRun() {
        StateMachine machine = validStates(task("A", "'TimeoutSeconds': '{% $states.input.t %}', 'HeartbeatSeconds':"
                + " '{% $states.input.h %}', 'End': true"));

        assertThat(machine.state("A")).containsEntry("TimeoutSeconds", "{% $states.input.t %}");
    }

    @Test
    void taskSecondsExpressionThatDoesNotParse_isRefused() {
        assertThat(problemsOfStates(task("A", "'TimeoutSeconds': '{% 1 + %}', 'End': true")))
                .singleElement().asString().startsWith("States.A.TimeoutSeconds: JSONata does not parse: ");
    }

    // ---- Choice ----

    @Test
    void choiceWithoutChoices_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Choice', 'Default': 'B'}, 'B': {'Type': 'Succeed'}"))
                .containsExactly("States.A.Choices: a non-empty array of rules is required");
    }

    @Test
    void choiceWithEmptyChoices_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Choice', 'Choices': [], 'Default': 'B'}, 'B': {'Type': 'Succeed'}"))
                .containsExactly("States.A.Choices: a non-empty array of rules is required");
    }

    @Test
    void ruleWithoutConditionOrNext_reportsBoth() {
        assertThat(problemsOfStates("'A': {'Type': 'Choice', 'Choices': [{'Output': {}}], 'Default': 'B'}, 'B': {'Type': 'Succeed'}"))
                .containsExactly("States.A.Choices[0].Condition: is required", "States.A.Choices[0].Next: is required");
    }

    @Test
    void ruleThatIsNotAnObject_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Choice', 'Choices': ['x'], 'Default': 'B'}, 'B': {'Type': 'Succeed'}"))
                .containsExactly("States.A.Choices[0]: must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'yes'", "1", "{}", "' {% true %} x'"})
    void conditionThatIsNeitherExpressionNorBoolean_isRefused(String condition) {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': %s, 'Next': 'B'}]},
                'B': {'Type': 'Succeed'}""".formatted(condition)))
                .containsExactly("States.A.Choices[0].Condition: must be a {% %} expression or a boolean");
    }

    @Test
    void ruleWithAssignOutputAndComment_isAccepted() {
        StateMachine machine = validStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': '{% $states.input.x > 1 %}', 'Next': 'B',
                  'Assign': {'big': true}, 'Output': {'x': '{% $states.input.x %}'}, 'Comment': 'big'}], 'Default': 'B'},
                'B': {'Type': 'Succeed'}""");

        assertThat(machine.stateType("A")).isEqualTo("Choice");
    }

    @Test
    void jsonPathRuleFields_areRefusedSayingJsonPathIsNotSupportedYet() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Variable': '$.x', 'BooleanEquals': true, 'Condition': true, 'Next': 'B'}]},
                'B': {'Type': 'Succeed'}"""))
                .containsExactly(
                        "States.A.Choices[0].Variable: 'Variable' is a JSONPath Choice Rule field, and JSONPath is not"
                                + " supported yet (JSONata rules take a Condition with a {% %} expression)",
                        "States.A.Choices[0].BooleanEquals: 'BooleanEquals' is a JSONPath Choice Rule field, and"
                                + " JSONPath is not supported yet (JSONata rules take a Condition with a {% %} expression)");
    }

    @Test
    void unknownRuleField_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Next': 'B', 'Default': 'B'}]},
                'B': {'Type': 'Succeed'}"""))
                .containsExactly("States.A.Choices[0].Default: Field 'Default' is not supported in a Choice Rule (it"
                        + " takes Condition, Next, Output, Assign and Comment)");
    }

    @Test
    void ruleNextAndDefaultToUnknownStates_areRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Next': 'Nope'}], 'Default': 'Nada'},
                'B': {'Type': 'Succeed'}"""))
                .containsExactly("States.A.Choices[0].Next: 'Nope' is not a state", "States.A.Default: 'Nada' is not a"
                        + " state", "States.B: is not reachable from StartAt");
    }

    // ---- Wait ----

    @ParameterizedTest
    @ValueSource(strings = {"'Seconds': 0", "'Seconds': 99999999", "'Seconds': '{% $states.input.delay %}'",
            "'Timestamp': '2016-03-14T01:59:00Z'", "'Timestamp': '2016-03-14T01:59:00.123Z'",
            "'Timestamp': '2016-03-14T01:59:00+02:00'", "'Timestamp': '{% $states.input.at %}'"})
    void waitWithOneValidSecondsOrTimestamp_isAccepted(String field) {
        assertThat(validStates("'A': {'Type': 'Wait', " + field + ", 'End': true}").stateType("A")).isEqualTo("Wait");
    }

    @Test
    void waitWithNeitherSecondsNorTimestamp_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Wait', 'End': true}"))
                .containsExactly("States.A: has neither Seconds nor Timestamp; a Wait state takes exactly one of them");
    }

    @Test
    void waitWithBothSecondsAndTimestamp_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Wait', 'Seconds': 1, 'Timestamp': '2016-03-14T01:59:00Z', 'End': true}"))
                .containsExactly("States.A: has both Seconds and Timestamp; a Wait state takes exactly one of them");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "'10'", "true", "null"})
    void waitSecondsThatAreNotANonNegativeInteger_areRefused(String seconds) {
        assertThat(problemsOfStates("'A': {'Type': 'Wait', 'Seconds': " + seconds + ", 'End': true}"))
                .singleElement().asString().startsWith("States.A.Seconds: must be a non-negative integer");
    }

    @Test
    void waitSecondsAboveStepFunctionsMaximum_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Wait', 'Seconds': 100000000, 'End': true}"))
                .containsExactly("States.A.Seconds: must be at most 99999999 (got 100000000)");
    }

    @Test
    void waitSecondsBeyondTheRangeOfALong_isRefusedAsTooLarge() {
        assertThat(problemsOfStates("'A': {'Type': 'Wait', 'Seconds': 10000000000000000000, 'End': true}"))
                .containsExactly("States.A.Seconds: must be at most 99999999 (got 10000000000000000000)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2016-03-14t01:59:00Z", "2016-03-14T01:59:00z", "2016-03-14T01:59:00", "2016-03-14",
            "2016-02-30T01:00:00Z", "2016-03-14T25:00:00Z", "2016-03-14 01:59:00Z", "tomorrow"})
    void waitTimestampThatIsNotRfc3339_isRefused(String timestamp) {
        assertThat(problemsOfStates("'A': {'Type': 'Wait', 'Timestamp': '" + timestamp + "', 'End': true}"))
                .containsExactly("States.A.Timestamp: String does not match RFC3339 timestamp (e.g."
                        + " \"2016-03-14T01:59:00Z\"; or a {% %} expression)");
    }

    @Test
    void waitTimestampThatIsNotAString_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Wait', 'Timestamp': 1457920740, 'End': true}"))
                .singleElement().asString().startsWith("States.A.Timestamp: String does not match RFC3339 timestamp");
    }

    @Test
    void waitExpressionsThatDoNotParse_areRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Wait', 'Seconds': '{% $x + %}', 'End': true}"))
                .singleElement().asString().startsWith("States.A.Seconds: JSONata does not parse: ");
    }

    // ---- Fail ----

    @Test
    void failErrorAndCauseThatAreNotStrings_areRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Fail', 'Error': 42, 'Cause': {'a': 1}}"))
                .containsExactly("States.A.Error: must be a string or a {% %} expression",
                        "States.A.Cause: must be a string or a {% %} expression");
    }

    @Test
    void failWithOnlyACause_isAccepted() {
        assertThat(validStates("'A': {'Type': 'Fail', 'Cause': 'no error name'}").state("A")).doesNotContainKey("Error");
    }

    // ---- Parallel ----

    @Test
    void parallelWithoutBranches_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Parallel', 'End': true}"))
                .containsExactly("States.A.Branches: is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{}", "'b'"})
    void parallelBranchesThatAreNotANonEmptyArray_areRefused(String branches) {
        assertThat(problemsOfStates("'A': {'Type': 'Parallel', 'Branches': " + branches + ", 'End': true}"))
                .containsExactly("States.A.Branches: must be a non-empty array of branches (Value cannot be empty)");
    }

    @Test
    void branchThatIsNotAnObject_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Parallel', 'Branches': ['B'], 'End': true}"))
                .containsExactly("States.A.Branches[0]: a branch must be an object with StartAt and States");
    }

    @Test
    void branchWithAnUnknownField_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Parallel', 'End': true, 'Branches': [{'StartAt': 'B', 'TimeoutSeconds': 5,
                  'States': {'B': {'Type': 'Succeed'}}}]}"""))
                .containsExactly("States.A.Branches[0].TimeoutSeconds: Field 'TimeoutSeconds' is not supported in a"
                        + " branch (it takes StartAt, States and Comment)");
    }

    @Test
    void parallelArgumentsExpressionThatDoesNotParse_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Parallel', 'Arguments': {'x': '{% $states.input. %}'}, 'End': true,
                      'Branches': [{'StartAt': 'B', 'States': {'B': {'Type': 'Succeed'}}}]}"""))
                .singleElement().asString().startsWith("States.A.Arguments.x: JSONata does not parse: ");
    }

    // ---- Map ----

    @Test
    void mapWithoutItemProcessor_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Map', 'End': true}"))
                .containsExactly("States.A.ItemProcessor: is required");
    }

    @Test
    void itemProcessorThatIsNotAnObject_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Map', 'ItemProcessor': [], 'End': true}"))
                .containsExactly("States.A.ItemProcessor: must be an object with StartAt and States");
    }

    @Test
    void distributedMode_isRefusedAsNotSupported() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Map', 'End': true, 'ItemProcessor': {'ProcessorConfig': {'Mode': 'DISTRIBUTED',
                  'ExecutionType': 'STANDARD'}, 'StartAt': 'B', 'States': {'B': {'Type': 'Succeed'}}}}"""))
                .containsExactly("States.A.ItemProcessor.ProcessorConfig.Mode: Distributed Map is not supported"
                                + " (hookrun runs Map inline): use \"INLINE\"",
                        "States.A.ItemProcessor.ProcessorConfig.ExecutionType: 'ExecutionType' is a Distributed Map"
                                + " field, and Distributed Map is not supported (hookrun runs Map inline)");
    }

    @Test
    void processorConfigWithAnUnknownModeOrField_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Map', 'End': true, 'ItemProcessor': {'ProcessorConfig': {'Mode': 'inline', 'Size': 1},
                  'StartAt': 'B', 'States': {'B': {'Type': 'Succeed'}}}}"""))
                .containsExactly("States.A.ItemProcessor.ProcessorConfig.Mode: must be \"INLINE\" or \"DISTRIBUTED\""
                                + " (got 'inline')",
                        "States.A.ItemProcessor.ProcessorConfig.Size: Field 'Size' is not supported in a"
                                + " ProcessorConfig (it takes Mode)");
    }

    @Test
    void itemProcessorWithQueryLanguageOrAnUnknownField_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Map', 'End': true, 'ItemProcessor': {'QueryLanguage': 'JSONata', 'Items': [],
                  'StartAt': 'B', 'States': {'B': {'Type': 'Succeed'}}}}"""))
                .containsExactly("States.A.ItemProcessor.QueryLanguage: Field 'QueryLanguage' is not supported in an"
                                + " ItemProcessor (its states take the state machine's QueryLanguage)",
                        "States.A.ItemProcessor.Items: Field 'Items' is not supported in an ItemProcessor (it takes"
                                + " StartAt, States, ProcessorConfig and Comment)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'a': 1}", "'items'", "3", "null"})
    void itemsThatAreNeitherAnArrayNorAnExpression_areRefused(String items) {
        assertThat(problemsOfStates(map("'Items': " + items)))
                .containsExactly("States.A.Items: must be a JSON array or a {% %} expression");
    }

    @Test
    void itemsAndItemSelectorExpressions_areChecked() {
        assertThat(problemsOfStates(map("'Items': ['{% ( %}'], 'ItemSelector': {'v': '{% $states.context.Map. %}'}")))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("States.A.Items[0]: JSONata does not parse: "))
                .anySatisfy(p -> assertThat(p).startsWith("States.A.ItemSelector.v: JSONata does not parse: "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MaxConcurrency", "ToleratedFailureCount"})
    void mapCountsThatAreNotNonNegativeIntegers_areRefused(String field) {
        for (String value : List.of("-1", "1.5", "'2'")) {
            assertThat(problemsOfStates(map("'" + field + "': " + value)))
                    .as(value).singleElement().asString()
                    .startsWith("States.A." + field + ": must be a non-negative integer");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"'MaxConcurrency': 40", "'MaxConcurrency': '{% $states.input.n %}'",
            "'ToleratedFailureCount': 3", "'ToleratedFailureCount': '{% $n %}'", "'ToleratedFailurePercentage': 100",
            "'ToleratedFailurePercentage': 5.5", "'ToleratedFailurePercentage': '{% $p %}'"})
    void mapCountsAndPercentageWithinRange_areAccepted(String field) {
        assertThat(validStates(map(field)).stateType("A")).isEqualTo("Map");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "100.5", "101", "'50'"})
    void toleratedFailurePercentageOutside0To100_isRefused(String value) {
        assertThat(problemsOfStates(map("'ToleratedFailurePercentage': " + value)))
                .containsExactly("States.A.ToleratedFailurePercentage: must be a number from 0 to 100 or a {% %}"
                        + " expression");
    }

    /** A Map state A ending the machine, with {@code fields} and a one-state ItemProcessor. */
    private static String map(String fields) {
        return "'A': {'Type': 'Map', " + fields + ", 'End': true, 'ItemProcessor': {'StartAt': 'B', 'States': {'B':"
                + " {'Type': 'Succeed'}}}}";
    }

    // ---- JSONata that does not parse ----

    @Test
    void outputExpressionThatDoesNotParse_isRefusedNamingField() {
        assertThat(problemsOfStates("'A': {'Type': 'Pass', 'Output': '{% $states.input.( %}', 'End': true}"))
                .singleElement().asString().startsWith("States.A.Output: JSONata does not parse: ");
    }

    @Test
    void outputExpressionNestedInMapsAndLists_isRefusedWithItsPath() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Pass', 'Output': {'ok': '{% 1 %}', 'a': {'b': ['fine', {'c': '{% 1 + %}'}]}}, 'End': true}"""))
                .singleElement().asString().startsWith("States.A.Output.a.b[1].c: JSONata does not parse: ");
    }

    @Test
    void argumentsExpressionNested_isRefusedWithItsPath() {
        assertThat(problemsOfStates("'A': {'Type': 'Task', 'Resource': '" + HTTP + "', 'Arguments': {'ApiEndpoint':"
                + " 'https://x.test', 'Method': 'POST', 'RequestBody': {'items': ['{% $states.input.items[ %}']}}, 'End': true}"))
                .singleElement().asString().startsWith("States.A.Arguments.RequestBody.items[0]: JSONata does not parse: ");
    }

    @Test
    void argumentsWholeExpression_thatDoesNotParse_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Task', 'Resource': '" + HTTP + "', 'Arguments': '{% {\\'Method\\': %}',"
                + " 'End': true}"))
                .singleElement().asString().startsWith("States.A.Arguments: JSONata does not parse: ");
    }

    @Test
    void conditionThatDoesNotParse_isRefusedNamingRule() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Next': 'B'}, {'Condition': '{% $states.input.x > %}', 'Next': 'B'}]},
                'B': {'Type': 'Succeed'}"""))
                .singleElement().asString().startsWith("States.A.Choices[1].Condition: JSONata does not parse: ");
    }

    @Test
    void ruleOutputThatDoesNotParse_isRefusedNamingRule() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Next': 'B', 'Output': {'x': '{% ( %}'}}]},
                'B': {'Type': 'Succeed'}"""))
                .singleElement().asString().startsWith("States.A.Choices[0].Output.x: JSONata does not parse: ");
    }

    @Test
    void failErrorAndCauseThatDoNotParse_areBothRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Fail', 'Error': '{% \\'E\\' & %}', 'Cause': '{% $x( %}'}"))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("States.A.Error: JSONata does not parse: "))
                .anySatisfy(p -> assertThat(p).startsWith("States.A.Cause: JSONata does not parse: "));
    }

    @Test
    void emptyExpression_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Pass', 'Output': {'x': '{%  %}'}, 'End': true}"))
                .containsExactly("States.A.Output.x: the {% %} expression is empty");
    }

    @Test
    void stringsThatOnlyContainExpressionMarkers_areLiteralAndAccepted() {
        StateMachine machine = validStates(
                "'A': {'Type': 'Pass', 'Output': {'x': 'id-{% ( %}', 'y': '{% only a prefix'}, 'End': true}");

        assertThat(machine.stateType("A")).isEqualTo("Pass");
    }
}

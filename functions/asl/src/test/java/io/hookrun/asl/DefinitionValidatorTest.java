package io.hookrun.asl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link DefinitionValidator} (and {@link StateValidator}) through {@link StateMachine#parse}: each problem is
 * reported with the location it is at, and all problems of a definition are reported together.
 * Definitions are written with {@code '} for {@code "} to keep them readable.
 */
class DefinitionValidatorTest {

    private static final String HTTP = "arn:aws:states:::http:invoke";

    /** A JSONata definition starting at A with the given states ({@code '} stands for {@code "}). */
    private static String definition(String states) {
        return json("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {" + states + "}}");
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** The problems parse reports; fails the test when the definition is accepted. */
    private static List<String> problems(String definitionJson) {
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class,
                () -> StateMachine.parse(definitionJson));
        assertThat(e).as("definition should be refused: %s", definitionJson).isNotNull();
        assertThat(e.problems()).isNotEmpty();
        assertThat(e.getMessage()).contains(e.problems().getFirst());
        return e.problems();
    }

    private static List<String> problemsOfStates(String states) {
        return problems(definition(states));
    }

    private static String task(String name, String extraFields) {
        return "'" + name + "': {'Type': 'Task', 'Resource': '" + HTTP + "', " + extraFields + "}";
    }

    // ---- valid definitions ----

    @Test
    void minimalDefinition_parses() throws Exception {
        StateMachine machine = StateMachine.parse(definition("'A': {'Type': 'Succeed'}"));

        assertThat(machine.startAt()).isEqualTo("A");
        assertThat(machine.stateType("A")).isEqualTo("Succeed");
        assertThat(machine.stateNames()).containsExactly("A");
    }

    @Test
    void fullDefinitionUsingEveryStateType_parses() throws Exception {
        StateMachine machine = StateMachine.parse(json("""
                {'QueryLanguage': 'JSONata', 'Comment': 'all types', 'TimeoutSeconds': 300, 'StartAt': 'Prepare',
                 'States': {
                  'Prepare': {'Type': 'Pass', 'Output': {'id': '{% $states.input.id %}', 'list': ['x', '{% 1 + 1 %}']}, 'Next': 'Fetch'},
                  'Fetch': {'Type': 'Task', 'Resource': '@HTTP@', 'TimeoutSeconds': 10,
                            'Arguments': {'ApiEndpoint': 'https://example.com/orders', 'Method': 'GET',
                                          'Headers': {'Accept': 'application/json'}, 'QueryParameters': {'id': '{% $states.input.id %}'}},
                            'Output': '{% $states.result.ResponseBody %}', 'Next': 'Decide'},
                  'Decide': {'Type': 'Choice', 'Choices': [
                      {'Condition': '{% $states.input.ok %}', 'Next': 'Done', 'Output': {'ok': true}},
                      {'Condition': true, 'Next': 'Broken', 'Comment': 'catch-all'}], 'Default': 'Done'},
                  'Done': {'Type': 'Succeed', 'Output': '{% $states.input %}'},
                  'Broken': {'Type': 'Fail', 'Error': 'Order.Broken', 'Cause': '{% \\'order \\' & $states.input.id %}'}
                 }}""".replace("@HTTP@", HTTP)));

        assertThat(machine.stateNames()).containsExactly("Prepare", "Fetch", "Decide", "Done", "Broken");
        assertThat(machine.stateType("Decide")).isEqualTo("Choice");
    }

    // ---- top level ----

    @Test
    void invalidJson_isOneProblemSayingSo() {
        assertThat(problems("{\"QueryLanguage\": \"JSONata\", \"StartAt\": "))
                .singleElement().asString().startsWith("the definition is not valid JSON");
    }

    @Test
    void jsonWithTrailingGarbage_isInvalidJson() {
        assertThat(problems(definition("'A': {'Type': 'Succeed'}") + " }"))
                .singleElement().asString().startsWith("the definition is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "\"JSONata\"", "42", "null"})
    void definitionThatIsNotAnObject_isRefused(String notAnObject) {
        assertThat(problems(notAnObject)).containsExactly("the definition must be a JSON object");
    }

    @Test
    void queryLanguageMissing_isRequired() {
        assertThat(problems(json("{'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}")))
                .containsExactly("QueryLanguage: is required and must be \"JSONata\"");
    }

    @Test
    void queryLanguageJsonPath_isRefusedNamingIt() {
        assertThat(problems(json("{'QueryLanguage': 'JSONPath', 'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}")))
                .singleElement().asString().startsWith("QueryLanguage: ").contains("'JSONPath'", "not supported");
    }

    @Test
    void stateLevelQueryLanguageJsonPath_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Succeed', 'QueryLanguage': 'JSONPath'}"))
                .containsExactly("States.A.QueryLanguage: must be \"JSONata\" or absent");
    }

    @Test
    void startAtMissing_isRequired() {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'States': {'A': {'Type': 'Succeed'}}}")))
                .containsExactly("StartAt: is required");
    }

    @Test
    void startAtNamingNoState_isRefused() {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'StartAt': 'Nope', 'States': {'A': {'Type': 'Succeed'}}}")))
                .contains("StartAt: 'Nope' is not a state");
    }

    @Test
    void statesEmpty_isRefused() {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {}}")))
                .contains("States: must be a non-empty object", "StartAt: 'A' is not a state");
    }

    @Test
    void statesNotAnObject_isRefused() {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': ['A']}")))
                .contains("States: must be a non-empty object");
    }

    @Test
    void unknownTopLevelField_isRefusedByName() {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'Statez': 1, 'States': {'A': {'Type': 'Succeed'}}}")))
                .containsExactly("Statez: unknown top-level field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.5", "'10'"})
    void topLevelTimeoutSecondsNotPositiveWhole_isRefused(String timeout) {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'TimeoutSeconds': " + timeout
                + ", 'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}")))
                .containsExactly("TimeoutSeconds: must be a positive whole number of seconds");
    }

    // ---- state types and transitions ----

    @Test
    void unknownType_isRefusedNamingStateAndType() {
        assertThat(problemsOfStates("'A': {'Type': 'Bogus'}"))
                .singleElement().asString().startsWith("States.A.Type: 'Bogus' is not a state type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Wait", "Parallel", "Map"})
    void awsTypeNotSupportedYet_isRefusedAsSuch(String type) {
        assertThat(problemsOfStates("'A': {'Type': '" + type + "', 'End': true}"))
                .containsExactly("States.A.Type: " + type + " states are not supported yet");
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
        assertThat(problemsOfStates("'A': {'Type': 'Pass', 'Next': 'Nope'}"))
                .containsExactly("States.A.Next: 'Nope' is not a state");
    }

    @Test
    void neitherNextNorEnd_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Pass'}"))
                .containsExactly("States.A: needs Next or \"End\": true");
    }

    @Test
    void endFalseWithoutNext_isRefusedAsNeitherNextNorEnd() {
        assertThat(problemsOfStates("'A': {'Type': 'Pass', 'End': false}"))
                .containsExactly("States.A: needs Next or \"End\": true");
    }

    @Test
    void bothNextAndEnd_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Pass', 'Next': 'B', 'End': true}, 'B': {'Type': 'Succeed'}"))
                .containsExactly("States.A: has both Next and End");
    }

    @Test
    void taskWithNeitherNextNorEnd_isRefused() {
        assertThat(problemsOfStates(task("A", "'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'}")))
                .containsExactly("States.A: needs Next or \"End\": true");
    }

    @Test
    void nextOnSucceed_isNotAllowed() {
        assertThat(problemsOfStates("'A': {'Type': 'Succeed', 'Next': 'B'}, 'B': {'Type': 'Succeed'}"))
                .contains("States.A.Next: not allowed on a Succeed state");
    }

    @Test
    void endOnFail_isNotAllowed() {
        assertThat(problemsOfStates("'A': {'Type': 'Fail', 'End': true}"))
                .containsExactly("States.A.End: not allowed on a Fail state");
    }

    @Test
    void nextAndEndOnChoice_areNotAllowed() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Next': 'B'}], 'Next': 'B', 'End': true},
                'B': {'Type': 'Succeed'}"""))
                .containsExactlyInAnyOrder("States.A.Next: not allowed on a Choice state",
                        "States.A.End: not allowed on a Choice state");
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
    void ruleWithoutCondition_isRefusedNamingRuleIndex() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Next': 'B'}, {'Next': 'B'}]},
                'B': {'Type': 'Succeed'}"""))
                .containsExactly("States.A.Choices[1].Condition: is required");
    }

    @Test
    void ruleWithoutNext_isRefusedNamingRuleIndex() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': true}], 'Default': 'B'},
                'B': {'Type': 'Succeed'}"""))
                .containsExactly("States.A.Choices[0].Next: is required");
    }

    @Test
    void ruleNextToUnknownState_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Next': 'Nope'}], 'Default': 'B'},
                'B': {'Type': 'Succeed'}"""))
                .containsExactly("States.A.Choices[0].Next: 'Nope' is not a state");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'$states.input.x > 1'", "1", "{'x': '{% true %}'}"})
    void conditionThatIsNotAnExpression_isRefused(String condition) {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': %s, 'Next': 'B'}]},
                'B': {'Type': 'Succeed'}""".formatted(condition)))
                .containsExactly("States.A.Choices[0].Condition: must be a {% %} expression or a boolean");
    }

    @Test
    void jsonPathRuleField_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Variable': '$.x', 'BooleanEquals': true, 'Condition': true, 'Next': 'B'}]},
                'B': {'Type': 'Succeed'}"""))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("States.A.Choices[0].Variable: not supported"))
                .anySatisfy(p -> assertThat(p).startsWith("States.A.Choices[0].BooleanEquals: not supported"));
    }

    @Test
    void defaultToUnknownState_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Next': 'B'}], 'Default': 'Nope'},
                'B': {'Type': 'Succeed'}"""))
                .containsExactly("States.A.Default: 'Nope' is not a state");
    }

    // ---- Task ----

    @Test
    void taskWithAnotherResource_isRefusedNamingIt() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',
                      'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'}, 'End': true}"""))
                .singleElement().asString()
                .startsWith("States.A.Resource: only \"" + HTTP + "\" is supported")
                .contains("'arn:aws:states:::lambda:invoke'");
    }

    @Test
    void taskWithoutResource_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Task', 'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'}, 'End': true}"))
                .singleElement().asString().startsWith("States.A.Resource: only").contains("got nothing");
    }

    @Test
    void taskWithoutArguments_isRefused() {
        assertThat(problemsOfStates(task("A", "'End': true")))
                .containsExactly("States.A.Arguments: an object with ApiEndpoint and Method is required");
    }

    @Test
    void taskWithoutApiEndpointAndMethod_reportsBoth() {
        assertThat(problemsOfStates(task("A", "'Arguments': {'Headers': {}}, 'End': true")))
                .containsExactlyInAnyOrder("States.A.Arguments.ApiEndpoint: is required",
                        "States.A.Arguments.Method: is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FETCH", "get", "Post", ""})
    void taskWithBadLiteralMethod_isRefused(String method) {
        assertThat(problemsOfStates(task("A", "'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': '" + method + "'}, 'End': true")))
                .singleElement().asString().startsWith("States.A.Arguments.Method: must be one of [");
    }

    @Test
    void taskWithExpressionMethodAndEndpoint_isAccepted() throws Exception {
        StateMachine machine = StateMachine.parse(definition(task("A",
                "'Arguments': {'ApiEndpoint': '{% $states.input.url %}', 'Method': '{% $states.input.verb %}'}, 'End': true")));

        assertThat(machine.stateType("A")).isEqualTo("Task");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://x.test/file", "example.com/path", "http://", "file:///etc/passwd"})
    void taskWithNonHttpApiEndpoint_isRefused(String endpoint) {
        assertThat(problemsOfStates(task("A", "'Arguments': {'ApiEndpoint': '" + endpoint + "', 'Method': 'GET'}, 'End': true")))
                .containsExactly("States.A.Arguments.ApiEndpoint: must be an http(s) URL or a {% %} expression");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "2.5", "'30'", "true"})
    void taskWithBadTimeoutSeconds_isRefused(String timeout) {
        assertThat(problemsOfStates(task("A", "'TimeoutSeconds': " + timeout
                + ", 'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'}, 'End': true")))
                .containsExactly("States.A.TimeoutSeconds: must be a positive whole number of seconds");
    }

    @Test
    void taskTimeoutSecondsAboveWhatTheStepFunctionAllows_isRefusedByDefault() {
        assertThat(problemsOfStates(task("A", "'TimeoutSeconds': 28, 'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'}, 'End': true")))
                .containsExactly("States.A.TimeoutSeconds: must be at most 27 (a state runs within one invocation of the"
                        + " step function, and must end before it does)");
    }

    @Test
    void taskTimeoutSecondsOfLongMaxValue_isRefusedRatherThanOverflowingLater() {
        assertThat(problemsOfStates(task("A", "'TimeoutSeconds': " + Long.MAX_VALUE
                + ", 'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'}, 'End': true")))
                .singleElement().asString().startsWith("States.A.TimeoutSeconds: must be at most 27");
    }

    @Test
    void taskTimeoutSecondsAtTheCap_isAccepted() throws Exception {
        StateMachine machine = StateMachine.parse(definition(task("A",
                "'TimeoutSeconds': 27, 'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'}, 'End': true")));

        assertThat(machine.state("A")).containsEntry("TimeoutSeconds", 27);
    }

    @Test
    void taskTimeoutSecondsIsCheckedAgainstTheLimitsGiven() throws Exception {
        String definition = definition(task("A",
                "'TimeoutSeconds': 100, 'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'}, 'End': true"));

        assertThat(StateMachine.parse(definition, new DefinitionLimits(100)).stateType("A")).isEqualTo("Task");
        assertThat(catchThrowableOfType(InvalidDefinitionException.class,
                () -> StateMachine.parse(definition, new DefinitionLimits(99))).problems())
                .containsExactly("States.A.TimeoutSeconds: must be at most 99 (a state runs within one invocation of"
                        + " the step function, and must end before it does)");
    }

    @Test
    void topLevelTimeoutSecondsBoundsTheWholeRunAndIsNotCappedByTheStepLimit() throws Exception {
        StateMachine machine = StateMachine.parse(json("{'QueryLanguage': 'JSONata', 'TimeoutSeconds': 86400, "
                + "'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}"));

        assertThat(machine.definition()).containsEntry("TimeoutSeconds", 86400);
    }

    @Test
    void taskWithHeadersOrQueryNotAnObject_isRefused() {
        assertThat(problemsOfStates(task("A", "'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET', "
                + "'Headers': ['a'], 'QueryParameters': 'q=1'}, 'End': true")))
                .containsExactlyInAnyOrder("States.A.Arguments.Headers: must be an object or a {% %} expression",
                        "States.A.Arguments.QueryParameters: must be an object or a {% %} expression");
    }

    // ---- fields ----

    @ParameterizedTest
    @ValueSource(strings = {"Retry", "Catch", "Assign", "HeartbeatSeconds", "Credentials"})
    void fieldNotSupportedYet_isRefusedByName(String field) {
        assertThat(problemsOfStates(task("A", "'" + field + "': [], 'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'}, 'End': true")))
                .containsExactly("States.A." + field + ": not supported yet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Parameters", "ResultPath", "InputPath", "OutputPath", "ResultSelector", "Result"})
    void jsonPathField_isRefusedPointingToJsonata(String field) {
        assertThat(problemsOfStates("'A': {'Type': 'Pass', '" + field + "': '$.x', 'End': true}"))
                .singleElement().asString()
                .startsWith("States.A." + field + ": not supported (a JSONPath field")
                .contains("Arguments and Output");
    }

    @Test
    void unknownStateField_isRefusedByName() {
        assertThat(problemsOfStates("'A': {'Type': 'Pass', 'Ouptut': {}, 'End': true}"))
                .containsExactly("States.A.Ouptut: unknown field");
    }

    @Test
    void argumentsOnNonTask_isNotAllowed() {
        assertThat(problemsOfStates("'A': {'Type': 'Pass', 'Arguments': {'x': 1}, 'End': true}"))
                .containsExactly("States.A.Arguments: not allowed on a Pass state");
    }

    @Test
    void outputOnFail_isNotAllowed() {
        assertThat(problemsOfStates("'A': {'Type': 'Fail', 'Error': 'E', 'Output': {}}"))
                .containsExactly("States.A.Output: not allowed on a Fail state");
    }

    @Test
    void failErrorThatIsNotAString_isRefused() {
        assertThat(problemsOfStates("'A': {'Type': 'Fail', 'Error': 42, 'Cause': {'a': 1}}"))
                .containsExactlyInAnyOrder("States.A.Error: must be a string or a {% %} expression",
                        "States.A.Cause: must be a string or a {% %} expression");
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
        assertThat(problemsOfStates(task("A", "'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'POST', "
                + "'RequestBody': {'items': ['{% $states.input.items[ %}']}}, 'End': true")))
                .singleElement().asString().startsWith("States.A.Arguments.RequestBody.items[0]: JSONata does not parse: ");
    }

    @Test
    void argumentsWholeExpression_thatDoesNotParse_isRefused() {
        assertThat(problemsOfStates(task("A", "'Arguments': '{% {\\'Method\\': %}', 'End': true")))
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
    void stringsThatOnlyContainExpressionMarkers_areLiteralAndAccepted() throws Exception {
        StateMachine machine = StateMachine.parse(definition(
                "'A': {'Type': 'Pass', 'Output': {'x': 'id-{% ( %}', 'y': '{% only a prefix'}, 'End': true}"));

        assertThat(machine.stateType("A")).isEqualTo("Pass");
    }

    // ---- graph ----

    @Test
    void unreachableState_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Succeed'},
                'Orphan': {'Type': 'Pass', 'Next': 'B'}, 'OrphanOfOrphan': {'Type': 'Fail'}"""))
                .containsExactly("States.Orphan: is not reachable from StartAt",
                        "States.OrphanOfOrphan: is not reachable from StartAt");
    }

    @Test
    void statesReachedOnlyThroughChoiceRulesAndDefault_areReachable() throws Exception {
        StateMachine machine = StateMachine.parse(definition("""
                'A': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Next': 'B'}], 'Default': 'C'},
                'B': {'Type': 'Pass', 'Next': 'A'}, 'C': {'Type': 'Fail'}"""));

        assertThat(machine.stateNames()).containsExactly("A", "B", "C");
    }

    // ---- all at once ----

    @Test
    void definitionWithSeveralProblems_reportsAllOfThem() {
        List<String> problems = problems(json("""
                {'QueryLanguage': 'JSONata', 'StartAt': 'Fetch', 'Extra': true, 'States': {
                  'Fetch': {'Type': 'Task', 'Resource': '@HTTP@', 'Retry': [],
                            'Arguments': {'ApiEndpoint': 'ftp://x.test', 'Method': 'FETCH'}, 'Next': 'Nope'},
                  'Decide': {'Type': 'Choice', 'Choices': [{'Condition': '{% ( %}', 'Next': 'Done'}], 'End': true},
                  'Done': {'Type': 'Pass', 'Parameters': {}, 'Output': {'a': ['{% 1 + %}']}},
                  'Oops': {'Type': 'Bogus'}
                }}""".replace("@HTTP@", HTTP)));

        List<String> expectedPrefixes = List.of(
                "Extra: unknown top-level field",
                "States.Fetch.Retry: not supported yet",
                "States.Fetch.Next: 'Nope' is not a state",
                "States.Fetch.Arguments.ApiEndpoint: must be an http(s) URL",
                "States.Fetch.Arguments.Method: must be one of",
                "States.Decide.End: not allowed on a Choice state",
                "States.Decide.Choices[0].Condition: JSONata does not parse",
                "States.Done.Parameters: not supported (a JSONPath field",
                "States.Done: needs Next or \"End\": true",
                "States.Done.Output.a[0]: JSONata does not parse",
                "States.Oops.Type: 'Bogus' is not a state type",
                "States.Decide: is not reachable from StartAt",
                "States.Done: is not reachable from StartAt",
                "States.Oops: is not reachable from StartAt");
        assertThat(problems).hasSameSizeAs(expectedPrefixes);
        for (String prefix : expectedPrefixes) {
            assertThat(problems).as("problems starting with %s", prefix).filteredOn(p -> p.startsWith(prefix)).hasSize(1);
        }
    }
}

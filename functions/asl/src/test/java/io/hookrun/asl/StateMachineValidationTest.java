package io.hookrun.asl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateMachineValidationTest {

    private static final String HTTP = "'Resource': 'arn:aws:states:::http:invoke'";
    private static final String GET = "'Arguments': {'ApiEndpoint': 'https://api.example.com/x', 'Method': 'GET'}";

    /** A definition starting at state A with the given states; single quotes stand for double quotes. */
    static String machine(String states) {
        return ("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {" + states + "}}").replace('\'', '"');
    }

    static List<String> problemsOf(String definition) {
        try {
            StateMachine.parse(definition);
            return List.of();
        } catch (InvalidDefinitionException e) {
            return e.problems();
        }
    }

    static Stream<Arguments> definitionsWithOneProblem() {
        return Stream.of(
                Arguments.of("not an object", "[]", "the definition must be a JSON object"),
                Arguments.of("QueryLanguage missing",
                        "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}",
                        "QueryLanguage: is required and must be \"JSONata\""),
                Arguments.of("QueryLanguage JSONPath", machine("'A': {'Type': 'Succeed'}").replace("\"JSONata\"", "\"JSONPath\""),
                        "QueryLanguage: must be \"JSONata\" (got 'JSONPath'; JSONPath is not supported)"),
                Arguments.of("StartAt missing", "{\"QueryLanguage\": \"JSONata\", \"States\": {}}".replace("{}", "{\"A\": {\"Type\": \"Succeed\"}}"),
                        "StartAt: is required"),
                Arguments.of("StartAt unknown", machine("'B': {'Type': 'Succeed'}"), "StartAt: 'A' is not a state"),
                Arguments.of("unknown top-level field", machine("'A': {'Type': 'Succeed'}").replace("{\"Query", "{\"Foo\": 1, \"Query"),
                        "Foo: unknown top-level field"),
                Arguments.of("unknown Type", machine("'A': {'Type': 'Wibble'}"),
                        "States.A.Type: 'Wibble' is not a state type (one of [Choice, Fail, Pass, Succeed, Task])"),
                Arguments.of("missing Type", machine("'A': {'End': true}"), "States.A.Type: is required"),
                Arguments.of("Wait type", machine("'A': {'Type': 'Wait', 'Seconds': 1, 'End': true}"),
                        "States.A.Type: Wait states are not supported yet"),
                Arguments.of("Next to no state", machine("'A': {'Type': 'Pass', 'Next': 'Nope'}"),
                        "States.A.Next: 'Nope' is not a state"),
                Arguments.of("neither Next nor End", machine("'A': {'Type': 'Pass'}"), "States.A: needs Next or \"End\": true"),
                Arguments.of("End false and no Next", machine("'A': {'Type': 'Pass', 'End': false}"),
                        "States.A: needs Next or \"End\": true"),
                Arguments.of("both Next and End", machine("'A': {'Type': 'Pass', 'Next': 'B', 'End': true}, 'B': {'Type': 'Succeed'}"),
                        "States.A: has both Next and End"),
                Arguments.of("End on Choice", machine("'A': {'Type': 'Choice', 'End': true, 'Choices': [{'Condition': true, 'Next': 'B'}]}, 'B': {'Type': 'Succeed'}"),
                        "States.A.End: not allowed on a Choice state"),
                Arguments.of("Next on Succeed", machine("'A': {'Type': 'Succeed', 'Next': 'A'}"),
                        "States.A.Next: not allowed on a Succeed state"),
                Arguments.of("Choice without Choices", machine("'A': {'Type': 'Choice', 'Default': 'B'}, 'B': {'Type': 'Succeed'}"),
                        "States.A.Choices: a non-empty array of rules is required"),
                Arguments.of("Choice rule without Condition", machine("'A': {'Type': 'Choice', 'Choices': [{'Next': 'B'}]}, 'B': {'Type': 'Succeed'}"),
                        "States.A.Choices[0].Condition: is required"),
                Arguments.of("Choice rule without Next", machine("'A': {'Type': 'Choice', 'Choices': [{'Condition': true}], 'Default': 'B'}, 'B': {'Type': 'Succeed'}"),
                        "States.A.Choices[0].Next: is required"),
                Arguments.of("Choice rule with a literal string Condition", machine("'A': {'Type': 'Choice', 'Choices': [{'Condition': 'yes', 'Next': 'B'}]}, 'B': {'Type': 'Succeed'}"),
                        "States.A.Choices[0].Condition: must be a {% %} expression or a boolean"),
                Arguments.of("Choice rule in JSONPath form", machine("'A': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Variable': '$.x', 'Next': 'B'}]}, 'B': {'Type': 'Succeed'}"),
                        "States.A.Choices[0].Variable: not supported (JSONata rules take Condition, Next and Output)"),
                Arguments.of("Choice Default unknown", machine("'A': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Next': 'B'}], 'Default': 'Nope'}, 'B': {'Type': 'Succeed'}"),
                        "States.A.Default: 'Nope' is not a state"),
                Arguments.of("Task Resource unsupported", machine("'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', " + GET + ", 'End': true}"),
                        "States.A.Resource: only \"arn:aws:states:::http:invoke\" is supported (got 'arn:aws:states:::lambda:invoke')"),
                Arguments.of("Task without Resource", machine("'A': {'Type': 'Task', " + GET + ", 'End': true}"),
                        "States.A.Resource: only \"arn:aws:states:::http:invoke\" is supported (got nothing)"),
                Arguments.of("Task without Arguments", machine("'A': {'Type': 'Task', " + HTTP + ", 'End': true}"),
                        "States.A.Arguments: an object with ApiEndpoint and Method is required"),
                Arguments.of("Task without ApiEndpoint", machine("'A': {'Type': 'Task', " + HTTP + ", 'Arguments': {'Method': 'GET'}, 'End': true}"),
                        "States.A.Arguments.ApiEndpoint: is required"),
                Arguments.of("Task without Method", machine("'A': {'Type': 'Task', " + HTTP + ", 'Arguments': {'ApiEndpoint': 'https://x.example'}, 'End': true}"),
                        "States.A.Arguments.Method: is required"),
                Arguments.of("Task with an unknown Method", machine("'A': {'Type': 'Task', " + HTTP + ", 'Arguments': {'ApiEndpoint': 'https://x.example', 'Method': 'FETCH'}, 'End': true}"),
                        "States.A.Arguments.Method: must be one of [DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT] or a {% %} expression"),
                Arguments.of("Task with a non-http ApiEndpoint", machine("'A': {'Type': 'Task', " + HTTP + ", 'Arguments': {'ApiEndpoint': 'ftp://x.example', 'Method': 'GET'}, 'End': true}"),
                        "States.A.Arguments.ApiEndpoint: must be an http(s) URL or a {% %} expression"),
                Arguments.of("Task TimeoutSeconds zero", machine("'A': {'Type': 'Task', " + HTTP + ", " + GET + ", 'TimeoutSeconds': 0, 'End': true}"),
                        "States.A.TimeoutSeconds: must be a positive whole number of seconds"),
                Arguments.of("Arguments on Pass", machine("'A': {'Type': 'Pass', 'Arguments': {}, 'End': true}"),
                        "States.A.Arguments: not allowed on a Pass state"),
                Arguments.of("state QueryLanguage JSONPath", machine("'A': {'Type': 'Succeed', 'QueryLanguage': 'JSONPath'}"),
                        "States.A.QueryLanguage: must be \"JSONata\" or absent"),
                Arguments.of("unparseable expression nested in Output", machine("'A': {'Type': 'Succeed', 'Output': {'items': [1, '{% $states.input.( %}']}}"),
                        "States.A.Output.items[1]: JSONata does not parse: Expected \")\" before end of expression"),
                Arguments.of("unparseable Condition", machine("'A': {'Type': 'Choice', 'Choices': [{'Condition': '{% 1 = %}', 'Next': 'B'}]}, 'B': {'Type': 'Succeed'}"),
                        "States.A.Choices[0].Condition: JSONata does not parse: Unexpected end of expression"),
                Arguments.of("empty expression", machine("'A': {'Type': 'Fail', 'Error': '{%  %}'}"),
                        "States.A.Error: the {% %} expression is empty"),
                Arguments.of("Retry", machine("'A': {'Type': 'Task', " + HTTP + ", " + GET + ", 'Retry': [], 'End': true}"),
                        "States.A.Retry: not supported yet"),
                Arguments.of("Catch", machine("'A': {'Type': 'Task', " + HTTP + ", " + GET + ", 'Catch': [], 'End': true}"),
                        "States.A.Catch: not supported yet"),
                Arguments.of("Assign", machine("'A': {'Type': 'Pass', 'Assign': {'x': 1}, 'End': true}"),
                        "States.A.Assign: not supported yet"),
                Arguments.of("Parameters", machine("'A': {'Type': 'Pass', 'Parameters': {}, 'End': true}"),
                        "States.A.Parameters: not supported (a JSONPath field; use Arguments and Output with {% %} expressions)"),
                Arguments.of("ResultPath", machine("'A': {'Type': 'Pass', 'ResultPath': '$.x', 'End': true}"),
                        "States.A.ResultPath: not supported (a JSONPath field; use Arguments and Output with {% %} expressions)"),
                Arguments.of("InputPath", machine("'A': {'Type': 'Pass', 'InputPath': '$.x', 'End': true}"),
                        "States.A.InputPath: not supported (a JSONPath field; use Arguments and Output with {% %} expressions)"),
                Arguments.of("unknown state field", machine("'A': {'Type': 'Pass', 'Colour': 'red', 'End': true}"),
                        "States.A.Colour: unknown field"),
                Arguments.of("unreachable state", machine("'A': {'Type': 'Succeed'}, 'Orphan': {'Type': 'Succeed'}"),
                        "States.Orphan: is not reachable from StartAt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitionsWithOneProblem")
    void parse_rejectsDefinition_withExactlyTheExpectedProblem(String caseName, String definition, String expected) {
        assertThat(problemsOf(definition)).containsExactly(expected);
    }

    @Test
    void parse_withInvalidJson_reportsNotValidJson() {
        assertThat(problemsOf("{\"QueryLanguage\": ")).singleElement().asString()
                .startsWith("the definition is not valid JSON: ");
    }

    @Test
    void parse_withEmptyStates_reportsEmptyStatesAndUnknownStartAt() {
        assertThat(problemsOf("{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"A\", \"States\": {}}"))
                .containsExactly("States: must be a non-empty object", "StartAt: 'A' is not a state");
    }

    @Test
    void parse_withSeveralProblems_reportsEveryOne() {
        String definition = machine("""
                'A': {'Type': 'Task', 'Resource': 'arn:aws:lambda:x', 'Arguments': {'Method': 'GET'}, 'Next': 'Nope'},
                'B': {'Type': 'Choice', 'Choices': [{'Condition': '{% ( %}'}]},
                'C': {'Type': 'Pass', 'Retry': []}""");

        assertThat(problemsOf(definition)).containsExactlyInAnyOrder(
                "States.A.Next: 'Nope' is not a state",
                "States.A.Resource: only \"arn:aws:states:::http:invoke\" is supported (got 'arn:aws:lambda:x')",
                "States.A.Arguments.ApiEndpoint: is required",
                "States.B.Choices[0].Condition: JSONata does not parse: Expected \")\" before end of expression",
                "States.B.Choices[0].Next: is required",
                "States.C.Retry: not supported yet",
                "States.C: needs Next or \"End\": true",
                "States.B: is not reachable from StartAt",
                "States.C: is not reachable from StartAt");
    }

    @Test
    void parse_invalidDefinitionException_messageCountsAndListsProblems() {
        assertThatThrownBy(() -> StateMachine.parse(machine("'A': {'Type': 'Pass'}")))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("1 problem(s): States.A: needs Next or \"End\": true");
    }

    @Test
    void parse_acceptsFailWithoutError_expressionEndpointAndMethod_andStateQueryLanguageJsonata() throws Exception {
        String definition = machine("""
                'A': {'Type': 'Task', 'QueryLanguage': 'JSONata', 'Resource': 'arn:aws:states:::http:invoke',
                      'Arguments': {'ApiEndpoint': '{% $states.input.url %}', 'Method': '{% $states.input.verb %}'},
                      'TimeoutSeconds': 5, 'Comment': 'dynamic', 'Next': 'B'},
                'B': {'Type': 'Fail'}""");

        StateMachine parsed = StateMachine.parse(definition);

        assertThat(parsed.startAt()).isEqualTo("A");
        assertThat(parsed.stateNames()).containsExactly("A", "B");
        assertThat(parsed.stateType("B")).isEqualTo("Fail");
        assertThat(parsed.state("A")).containsEntry("TimeoutSeconds", 5);
        assertThat(parsed.definition()).containsEntry("QueryLanguage", "JSONata");
    }

    @Test
    void parse_acceptsWholeArgumentsAsAnExpression() throws Exception {
        StateMachine parsed = StateMachine.parse(machine(
                "'A': {'Type': 'Task', " + HTTP + ", 'Arguments': '{% $states.input.request %}', 'End': true}"));

        assertThat(parsed.state("A").get("Arguments")).isEqualTo("{% $states.input.request %}");
    }

    @Test
    void state_withUnknownName_throwsNamingIt() throws Exception {
        StateMachine parsed = StateMachine.parse(machine("'A': {'Type': 'Succeed'}"));

        assertThatThrownBy(() -> parsed.state("Z")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the workflow has no state 'Z'");
    }
}

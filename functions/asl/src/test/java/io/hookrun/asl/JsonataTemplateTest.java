package io.hookrun.asl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Templates and expressions as Step Functions evaluates them. Where a case was recorded on AWS (LocalStack's
 * AWS-validated snapshots of Step Functions executions), the test says so and uses AWS's values and wording.
 */
class JsonataTemplateTest {

    private static Map<String, Object> states(Object input) {
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("input", input);
        states.put("context", Map.of("Execution", Map.of("Id", "run-1")));
        return states;
    }

    private static Object eval(String templateJson, String inputJson) throws StateFailure {
        return JsonataTemplate.evaluate(JsonValues.parse(templateJson), states(JsonValues.parse(inputJson)),
                "States.State0.Output");
    }

    private static String evalToJson(String templateJson, String inputJson) throws StateFailure {
        return JsonValues.write(eval(templateJson, inputJson));
    }

    private static StateFailure failure(Object template, Object input, String where) {
        try {
            JsonataTemplate.evaluate(template, states(input), where);
        } catch (StateFailure failure) {
            assertThat(failure.error()).isEqualTo("States.QueryEvaluationError");
            return failure;
        }
        throw new AssertionError("expected a States.QueryEvaluationError for " + template);
    }

    // Rule 1: only a string that is exactly {% ... %} is an expression.

    @Test
    void expressionOf_acceptsOnlyStringsThatStartWithOpenAndEndWithClose_trimmingInside() {
        assertThat(JsonataTemplate.expressionOf("{% $x %}")).isEqualTo("$x");
        assertThat(JsonataTemplate.expressionOf("{%$x%}")).isEqualTo("$x");
        assertThat(JsonataTemplate.expressionOf("{%\n  $x\n%}")).isEqualTo("$x");
        assertThat(JsonataTemplate.expressionOf("{%%}")).isEmpty();
        assertThat(JsonataTemplate.expressionOf(" {% $x %}")).isNull();
        assertThat(JsonataTemplate.expressionOf("{% $x %} ")).isNull();
        assertThat(JsonataTemplate.expressionOf("a {% $x %}")).isNull();
        assertThat(JsonataTemplate.expressionOf("{%}")).isNull();
        assertThat(JsonataTemplate.expressionOf(42)).isNull();
    }

    /** Recorded on AWS: "constant_not_jsonata": " {% states.input %} " comes out as it went in, in objects and lists. */
    @Test
    void evaluate_keepsAStringWithTextAroundTheDelimitersLiteral() throws Exception {
        String template = """
                {"constant_not_jsonata": " {% states.input %} ", "lst": [" {% states.input %} ", "$states.input"],
                 "half": "{% not closed", "percent": "100 %}", "text": "a {% $states.input %} b"}""";

        assertThat(evalToJson(template, "{\"input_value\": 1}")).isEqualTo("""
                {"constant_not_jsonata":" {% states.input %} ","lst":[" {% states.input %} ","$states.input"],\
                "half":"{% not closed","percent":"100 %}","text":"a {% $states.input %} b"}""");
    }

    @Test
    void evaluate_replacesExpressionsNestedInMapsAndLists_keepingKeysLiteral() throws Exception {
        String template = """
                {"{% 'key' %}": "{% $states.input.n * 2 %}",
                 "list": [1, "plain text", "{%   $states.input.name   %}", {"deep": ["{% $states.context.Execution.Id %}"]}]}""";

        assertThat(evalToJson(template, "{\"n\": 21, \"name\": \"Ada\"}")).isEqualTo("""
                {"{% 'key' %}":42,"list":[1,"plain text","Ada",{"deep":["run-1"]}]}""");
    }

    // Rule 2: an undefined result fails with States.QueryEvaluationError and AWS's cause.

    /** Recorded on AWS (BASE_UNDEFINED_OUTPUT), without the event id hookrun does not have. */
    @Test
    void evaluate_wholeValueUndefinedVariable_failsWithAwsCause() {
        StateFailure failure = failure("{% $doesNotExist %}", Map.of(), "States.State0.Output");

        assertThat(failure.cause()).isEqualTo("An error occurred while executing the state 'State0'. The JSONata "
                + "expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined).");
    }

    @Test
    void evaluate_wholeValueMissingInputField_fails() {
        StateFailure failure = failure("{% $states.input.missing %}", Map.of("present", 1), "States.State0.Arguments");

        assertThat(failure.cause()).isEqualTo("An error occurred while executing the state 'State0'. The JSONata "
                + "expression '$states.input.missing' specified for the field 'Arguments' returned nothing (undefined).");
    }

    /** Recorded on AWS (BASE_UNDEFINED_OUTPUT_FIELD, BASE_UNDEFINED_ASSIGN): the field is named with its key. */
    @Test
    void evaluate_undefinedInAnObjectField_failsNamingTheFieldPath() {
        Object template = Map.of("result", "{% $doesNotExist %}");

        assertThat(failure(template, Map.of(), "States.State0.Output").cause()).contains("for the field 'Output/result'");
        assertThat(failure(template, Map.of(), "States.State0.Assign").cause()).contains("for the field 'Assign/result'");
    }

    @Test
    void evaluate_undefinedInsideAnArray_fails() {
        Object template = Map.of("list", List.of("ok", "{% $states.input.missing %}"));

        assertThat(failure(template, Map.of(), "States.State0.Output").cause())
                .isEqualTo("An error occurred while executing the state 'State0'. The JSONata expression "
                        + "'$states.input.missing' specified for the field 'Output/list[1]' returned nothing (undefined).");
    }

    @Test
    void evaluate_stateNameWithDotsAndNestedWhere_keepsTheWholeStateName() {
        assertThat(failure("{% $nope %}", Map.of(), "States.Fetch.v2.Catch[0].Output").cause())
                .startsWith("An error occurred while executing the state 'Fetch.v2'.")
                .contains("for the field 'Catch[0]/Output'");
    }

    @Test
    void evaluate_jsonNullIsAValueNotUndefined() throws Exception {
        String input = "{\"a\": null, \"l\": [1, null, 2]}";

        assertThat(eval("\"{% null %}\"", input)).isNull();
        assertThat(eval("\"{% $states.input.a %}\"", input)).isNull();
        assertThat(eval("\"{% $states.input.l[1] %}\"", input)).isNull();
        assertThat(evalToJson("{\"k\": \"{% $states.input.a %}\"}", input)).isEqualTo("{\"k\":null}");
    }

    /** The library turns null markers back into null in place; an array returned as it is must not lose them. */
    @Test
    void evaluate_arrayWithNullReturnedWhole_leavesTheNextExpressionSeeingNull() throws Exception {
        String template = "{\"a\": \"{% $states.input.l %}\", \"b\": \"{% $exists($states.input.l[1]) %}\","
                + " \"c\": \"{% $count($states.input.l) %}\"}";

        assertThat(evalToJson(template, "{\"l\": [1, null, 2]}")).isEqualTo("{\"a\":[1,null,2],\"b\":true,\"c\":3}");
    }

    @Test
    void evaluate_variableHoldingNull_isNullNotUndefined() throws Exception {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("nothing", null);

        Object result = JsonataTemplate.evaluate(Map.of("v", "{% $nothing %}", "e", "{% $exists($nothing) %}"),
                states(Map.of()), variables, "States.S.Output");

        assertThat(JsonValues.write(result)).isIn("{\"v\":null,\"e\":true}", "{\"e\":true,\"v\":null}");
    }

    // Rule 3: {} and [] stay {} and []; singleton arrays as JSONata 2.0.6 gives them.

    @Test
    void evaluate_emptyObjectAndArrayLiterals_stayEmptyObjectAndArray() throws Exception {
        assertThat(evalToJson("{}", "{}")).isEqualTo("{}");
        assertThat(evalToJson("[]", "{}")).isEqualTo("[]");
        assertThat(evalToJson("{\"o\": {}, \"l\": [], \"n\": [{}, []]}", "{}")).isEqualTo("{\"o\":{},\"l\":[],\"n\":[{},[]]}");
        assertThat(eval("{}", "{}")).isInstanceOf(Map.class);
        assertThat(eval("[]", "{}")).isInstanceOf(List.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{% $states.input %}         | {}",
        "{% {} %}                    | {}",
        "{% [] %}                    | []",
        "{% $states.input.o %}       | {}",
        "{% $states.input.e %}       | []",
        "{% $merge([{}, {}]) %}      | {}",
    })
    void evaluate_expressionsYieldingEmptyObjectOrArray_keepThem(String expression, String expected) throws Exception {
        String input = expression.contains(".o") || expression.contains(".e") ? "{\"o\": {}, \"e\": []}" : "{}";

        assertThat(JsonValues.write(JsonataTemplate.evaluate(expression, states(JsonValues.parse(input)), "States.S.Output")))
                .isEqualTo(expected);
        assertThat(evalToJson("{\"x\": \"" + expression + "\"}", input)).isEqualTo("{\"x\":" + expected + "}");
    }

    @Test
    void evaluate_inputThatIsAnEmptyArray_isThatArray() throws Exception {
        assertThat(evalToJson("\"{% $states.input %}\"", "[]")).isEqualTo("[]");
    }

    /** Each expected value is what JSONata 2.0.6 (the JavaScript reference Step Functions runs) gives. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "$states.input.items                 | [1]",
        "$states.input.nested                | [[1]]",
        "[1]                                 | [1]",
        "[$states.input.items]               | [1]",
        "$states.input.items[0]              | 1",
        "$states.input.objs.v                | 1",
        "$states.input.objs2.v               | [1]",
        "$states.input.two.$                 | [1,2]",
        "$map([1], function($x) { $x })      | 1",
        "$map([1, 2], function($x) { $x })   | [1,2]",
    })
    void evaluate_singletonArraysAndSequences_asJsonata206(String expression, String expected) throws Exception {
        String input = "{\"items\": [1], \"nested\": [[1]], \"two\": [1, 2], \"objs\": [{\"v\": 1}], \"objs2\": [{\"v\": [1]}]}";

        assertThat(evalToJson("\"{% " + expression + " %}\"", input)).isEqualTo(expected);
    }

    // Rule 5: failures, functions and non-finite numbers.

    @Test
    void evaluate_failingExpression_namesTheFieldAndJsonataError() {
        Object template = Map.of("items", List.of("ok", "{% 'a' + 1 %}"));

        assertThat(failure(template, Map.of(), "States.Fetch.Arguments").cause()).isEqualTo("An error occurred while "
                + "executing the state 'Fetch'. The JSONata expression ''a' + 1' specified for the field "
                + "'Arguments/items[1]' threw an error during evaluation. T2001: The left side of the \"+\" operator "
                + "must evaluate to a number");
    }

    /** Recorded on AWS: calling an unknown function is T1006 "Attempted to invoke a non-function". */
    @Test
    void evaluate_callingAnUnknownFunction_failsAsOnAws() {
        Object template = Map.of("FunctionResult", "{% $randomSeeded($states.input.FunctionInput.fst) %}");

        assertThat(failure(template, Map.of("FunctionInput", Map.of("fst", 3)), "States.State_0.Output").cause())
                .isEqualTo("An error occurred while executing the state 'State_0'. The JSONata expression "
                        + "'$randomSeeded($states.input.FunctionInput.fst)' specified for the field 'Output/FunctionResult' "
                        + "threw an error during evaluation. T1006: Attempted to invoke a non-function");
    }

    /** Each detail is JSONata 2.0.6's (the JavaScript reference) code and message for the error. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "$error('boom')                | D3137: boom",
        "$number('abc')                | D3030: Unable to cast value to a number: \"abc\"",
        "$x()                          | T1006: Attempted to invoke a non-function",
    })
    void evaluate_runtimeErrors_carryJsonatasCodeAndMessage(String expression, String detail) {
        assertThat(failure("{% " + expression + " %}", Map.of(), "States.A.Output").cause())
                .endsWith("threw an error during evaluation. " + detail);
    }

    /** Recorded on AWS for Items: a function is "an unsupported result type". */
    @Test
    void evaluate_functionResult_failsAsUnsupportedResultType() {
        assertThat(failure("{% function($x) { $x } %}", Map.of(), "States.A.Output").cause())
                .isEqualTo("An error occurred while executing the state 'A'. The JSONata expression "
                        + "'function($x) { $x }' specified for the field 'Output' returned an unsupported result type.");
    }

    @Test
    void evaluate_nonFiniteNumber_fails() {
        assertThat(failure("{% 1 / 0 %}", Map.of(), "States.A.Output").cause())
                .contains("specified for the field 'Output' threw an error during evaluation. D1001: Number out of range");
    }

    @Test
    void evaluate_runawayRecursion_isStoppedByTheDepthBound() {
        assertThat(failure("{% ($f := function($n) { $n + $f($n + 1) }; $f(0)) %}", Map.of(), "States.A.Output").cause())
                .contains("threw an error during evaluation: Stack overflow error: Check for non-terminating recursive "
                        + "function. Consider rewriting as tail-recursive.");
    }

    @Test
    void evaluate_unknownWhere_stillNamesTheField() {
        assertThat(failure("{% $nope %}", Map.of(), "Condition").cause())
                .isEqualTo("The JSONata expression '$nope' specified for the field 'Condition' returned nothing (undefined).");
    }

    // Rule 6: numbers.

    @Test
    void evaluate_returnsPlainJavaCollectionsAndJavaScriptNumbers() throws Exception {
        Object result = eval("\"{% {'list': [1, 2], 'half': 6 / 4, 'whole': 6 / 2, 'sum': 0.1 + 0.2} %}\"", "{}");

        assertThat(result).isExactlyInstanceOf(LinkedHashMap.class);
        Map<?, ?> map = (Map<?, ?>) result;
        assertThat(map.get("list")).isExactlyInstanceOf(ArrayList.class).isEqualTo(List.of(1, 2));
        assertThat(map.get("half")).isEqualTo(1.5);
        assertThat(map.get("whole")).isEqualTo(3);
        assertThat(JsonValues.write(result)).isEqualTo("{\"list\":[1,2],\"half\":1.5,\"whole\":3,\"sum\":0.30000000000000004}");
    }

    @Test
    void evaluate_largeIntegersAndDecimalsFromTheInput_asJavaScriptKeepsThem() throws Exception {
        String input = "{\"big\": 12345678901234567890, \"exact\": 9007199254740993, \"dec\": 1.10, \"whole\": 2.0}";

        assertThat(evalToJson("\"{% $states.input %}\"", input))
                .isEqualTo("{\"big\":12345678901234567000,\"exact\":9007199254740992,\"dec\":1.1,\"whole\":2}");
        assertThat(evalToJson("\"{% $states.input.big + 1 %}\"", input)).isEqualTo("12345678901234567000");
    }

    // checkExpressions

    @Test
    void checkExpressions_reportsEachUnparseableOrEmptyExpressionWithItsPath() {
        List<String> problems = new ArrayList<>();

        JsonataTemplate.checkExpressions(JsonValues.parse("""
                {"a": "{% $x + %}", "b": ["{% 1 %}", "{% ] %}"], "c": "plain", "d": "{%  %}", "e": " {% ] %} "}"""),
                "States.S.Output", problems);

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).isEqualTo("States.S.Output.a: JSONata does not parse: Unexpected end of expression");
        assertThat(problems.get(1)).startsWith("States.S.Output.b[1]: JSONata does not parse: ").doesNotContain("S0");
        assertThat(problems.get(2)).isEqualTo("States.S.Output.d: the {% %} expression is empty");
    }
}

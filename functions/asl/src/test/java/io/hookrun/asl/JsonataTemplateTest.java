package io.hookrun.asl;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonataTemplateTest {

    private static Map<String, Object> states(Object input) {
        return Map.of("input", input, "context", Map.of("Execution", Map.of("Id", "run-1")));
    }

    @Test
    void evaluate_replacesExpressionsNestedInMapsAndLists_keepingKeysAndPlainStringsLiteral() throws Exception {
        Object template = JsonValues.parse("""
                {"{% 'key' %}": "{% $states.input.n * 2 %}",
                 "list": [1, "plain text", "  {%   $states.input.name   %}  ", {"deep": ["{% $states.context.Execution.Id %}"]}],
                 "almost": "{% not closed", "percent": "100 %}"}""");

        Object result = JsonataTemplate.evaluate(template, states(Map.of("n", 21, "name", "Ada")), "States.A.Output");

        assertThat(JsonValues.write(result)).isEqualTo("""
                {"{% 'key' %}":42,"list":[1,"plain text","Ada",{"deep":["run-1"]}],\
                "almost":"{% not closed","percent":"100 %}"}""");
    }

    @Test
    void evaluate_returnsPlainJavaCollectionsAndWholeNumbersAsIntegers() throws Exception {
        Object result = JsonataTemplate.evaluate("{% {'list': [1, 2], 'half': 6 / 4, 'whole': 6 / 2} %}",
                states(Map.of()), "States.A.Output");

        assertThat(result).isInstanceOf(java.util.LinkedHashMap.class);
        Map<?, ?> map = (Map<?, ?>) result;
        assertThat(map.get("list")).isExactlyInstanceOf(ArrayList.class).isEqualTo(List.of(1, 2));
        assertThat(map.get("half")).isEqualTo(1.5);
        assertThat(map.get("whole")).isEqualTo(3);
    }

    @Test
    void evaluate_withFailingExpression_throwsQueryEvaluationErrorNamingTheNestedField() {
        Object template = Map.of("items", List.of("ok", "{% 'a' + 1 %}"));

        assertThatThrownBy(() -> JsonataTemplate.evaluate(template, states(Map.of()), "States.Fetch.Arguments"))
                .isInstanceOfSatisfying(StateFailure.class, failure -> {
                    assertThat(failure.error()).isEqualTo("States.QueryEvaluationError");
                    assertThat(failure.cause()).startsWith("States.Fetch.Arguments.items[1]: the JSONata expression failed: ")
                            .contains("must evaluate to a number");
                });
    }

    @Test
    void evaluate_withFunctionResult_failsBecauseItIsNotJson() {
        assertThatThrownBy(() -> JsonataTemplate.evaluate("{% function($x) { $x } %}", states(Map.of()), "States.A.Output"))
                .isInstanceOfSatisfying(StateFailure.class, failure -> {
                    assertThat(failure.error()).isEqualTo("States.QueryEvaluationError");
                    assertThat(failure.cause()).startsWith("States.A.Output: the JSONata expression returned not a JSON value");
                });
    }

    @Test
    void expressionOf_recognisesOnlyWholeTrimmedTemplates() {
        assertThat(JsonataTemplate.expressionOf(" {% $x %} ")).isEqualTo("$x");
        assertThat(JsonataTemplate.expressionOf("a {% $x %}")).isNull();
        assertThat(JsonataTemplate.expressionOf(42)).isNull();
    }

    @Test
    void checkExpressions_reportsEachUnparseableExpressionWithItsPath() {
        List<String> problems = new ArrayList<>();

        JsonataTemplate.checkExpressions(JsonValues.parse("""
                {"a": "{% $x + %}", "b": ["{% 1 %}", "{% ] %}"], "c": "plain"}"""), "States.S.Output", problems);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("States.S.Output.a: JSONata does not parse: ");
        assertThat(problems.get(1)).startsWith("States.S.Output.b[1]: JSONata does not parse: ");
    }
}

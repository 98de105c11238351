package io.hookrun.asl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.hookrun.asl.ValidatorFixture.problemsOfStates;
import static io.hookrun.asl.ValidatorFixture.task;
import static io.hookrun.asl.ValidatorFixture.validStates;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The references the Amazon States Language specification's "JSONata Restrictions" and "Reserved "states" Variable
 * with JSONata" forbid, refused when the definition is parsed as AWS refuses them at CreateStateMachine; and the
 * nested references they allow, still accepted.
 */
class JsonataRestrictionsTest {

    private static List<String> problems(String expression) {
        List<String> problems = new ArrayList<>();
        JsonataTemplate.checkExpressions(Map.of("v", "{% " + expression + " %}"), "States.E.Output", problems);
        return problems;
    }

    // ---- top-level references: the input document does not exist ----

    @Test
    void bareFieldName_isRefusedWithAwsSentence() {
        assertThat(problems("phone")).containsExactly("States.E.Output.v: Reference to 'phone' at the top level is"
                + " not supported (a Step Functions expression has no input document: read the state input as"
                + " $states.input.phone, or a variable as $phone)");
    }

    @Test
    void contextItem_isRefusedAsDollar() {
        assertThat(problems("$.phone")).containsExactly("States.E.Output.v: Reference to '$' at the top level is not"
                + " supported (a Step Functions expression has no input document: read the state input as"
                + " $states.input)");
        assertThat(problems("$")).hasSize(1).first().asString().contains("Reference to '$' at the top level");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            phone[0]                                        | phone
            a.b.c                                           | a
            $sum(price)                                     | price
            $states.input.n + total                         | total
            {aaa: 1}                                        | aaa
            $exists(x) ? $states.input : 1                  | x
            ($v := total; $v)                               | total
            $map($states.input.a, function($v){ b })        | b
            [1, $states.input.a, c]                         | c
            $states.input ~> $filter(function($v){ flag })  | flag
            """)
    void nameReadAgainstTheInputDocument_isRefused(String expression, String name) {
        assertThat(problems(expression)).singleElement().asString()
                .startsWith("States.E.Output.v: Reference to '" + name + "' at the top level is not supported");
    }

    @Test
    void everyDistinctTopLevelName_isReportedOnce() {
        assertThat(problems("aaa + bbb + aaa")).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("'aaa'"))
                .anySatisfy(p -> assertThat(p).contains("'bbb'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "$states.input.phone",
            "$states.input.items[price > 5]",
            "$states.input.items[$.price > 5].name",
            "$map($states.input.a, function($v){ $v.x })",
            "$states.input.items.{\"n\": name, \"p\": price * 2}",
            "$states.input.items{name: price}",
            "$states.input.items^(>price).name",
            "$states.input.($.a)",
            "$states.input ~> |a|{\"b\": c}|",
            "{\"a\": $states.input.x, \"b\": $phone}",
            "($x := $states.input; $x.a)",
            "$phone[total > 1]",
            "$states.context.Execution.Id & \" at \" & $now()",
            "\"literal\" & 'text'",
    })
    void namesNestedInsideTheExpression_andVariables_areAccepted(String expression) {
        assertThat(problems(expression)).isEmpty();
    }

    @Test
    void doubleDollar_isRefusedAtAnyDepth() {
        assertThat(problems("$$")).singleElement().asString()
                .startsWith("States.E.Output.v: $$ is not supported");
        assertThat(problems("$states.input.items[$$.x = 1]")).singleElement().asString()
                .startsWith("States.E.Output.v: $$ is not supported");
    }

    @Test
    void definitionWithATopLevelReference_isRefusedWhereverTheExpressionSits() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Pass', 'Assign': {'v': '{% phone %}'}, 'Next': 'C'},
                'C': {'Type': 'Choice', 'Choices': [{'Condition': '{% total > 1 %}', 'Next': 'W'}], 'Default': 'W'},
                'W': {'Type': 'Wait', 'Seconds': '{% delay %}', 'Next': 'F'},
                'F': {'Type': 'Fail', 'Cause': '{% why %}'}"""))
                .containsExactlyInAnyOrder(
                        problem("States.A.Assign.v", "phone"),
                        problem("States.C.Choices[0].Condition", "total"),
                        problem("States.W.Seconds", "delay"),
                        problem("States.F.Cause", "why"));
    }

    private static String problem(String where, String name) {
        return where + ": Reference to '" + name + "' at the top level is not supported (a Step Functions expression"
                + " has no input document: read the state input as $states.input." + name + ", or a variable as $"
                + name + ")";
    }

    // ---- $states.result and $states.errorOutput: only where the state has them ----

    private static final String RESULT_REFUSED = "$states.result is not available here: only the Output and Assign of"
            + " a Task, Map or Parallel state can read the state's result";
    private static final String ERROR_OUTPUT_REFUSED = "$states.errorOutput is not available here: only a Catcher's"
            + " Output and Assign can read the error output";

    @Test
    void statesResult_inTheOutputAndAssignOfATask_isAccepted() {
        assertThat(validStates(task("A", """
                'Output': {'status': '{% $states.result.StatusCode %}'},
                'Assign': {'body': '{% $states.result.ResponseBody %}'}, 'End': true""")).state("A"))
                .containsKey("Output");
    }

    @Test
    void statesResult_inTheOutputAndAssignOfAMapAndAParallel_isAccepted() {
        assertThat(validStates("""
                'A': {'Type': 'Map', 'Items': '{% $states.input.list %}',
                      'ItemProcessor': {'StartAt': 'I', 'States': {'I': {'Type': 'Pass', 'End': true}}},
                      'Output': '{% $count($states.result) %}', 'Assign': {'all': '{% $states.result %}'},
                      'Next': 'P'},
                'P': {'Type': 'Parallel', 'Branches': [{'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'End': true}}}],
                      'Output': '{% $states.result[0] %}', 'End': true}""").state("P")).containsKey("Output");
    }

    @Test
    void statesResult_inTaskArguments_isRefused_evenNestedInAPredicate() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke',
                      'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET',
                                    'QueryParameters': {'id': '{% $states.input.ids[$ = $states.result.id] %}'}},
                      'End': true}"""))
                .containsExactly("States.A.Arguments.QueryParameters.id: " + RESULT_REFUSED);
    }

    @Test
    void statesResult_whereTheStateHasNoResult_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Pass', 'Output': '{% $states.result %}', 'Next': 'C'},
                'C': {'Type': 'Choice', 'Choices': [{'Condition': '{% $states.result.ok %}', 'Next': 'W',
                      'Output': {'r': '{% $states.result %}'}}], 'Default': 'W'},
                'W': {'Type': 'Wait', 'Seconds': '{% $states.result.n %}', 'Next': 'M'},
                'M': {'Type': 'Map', 'Items': '{% $states.result %}',
                      'ItemSelector': {'r': '{% $states.result %}'},
                      'ItemProcessor': {'StartAt': 'I', 'States': {'I': {'Type': 'Pass', 'End': true}}},
                      'End': true}"""))
                .containsExactlyInAnyOrder(
                        "States.A.Output: " + RESULT_REFUSED,
                        "States.C.Choices[0].Condition: " + RESULT_REFUSED,
                        "States.C.Choices[0].Output.r: " + RESULT_REFUSED,
                        "States.W.Seconds: " + RESULT_REFUSED,
                        "States.M.Items: " + RESULT_REFUSED,
                        "States.M.ItemSelector.r: " + RESULT_REFUSED);
    }

    @Test
    void statesErrorOutput_inACatchersOutputAndAssign_isAccepted() {
        assertThat(validStates(task("A", """
                'Catch': [{'ErrorEquals': ['States.ALL'], 'Output': {'why': '{% $states.errorOutput.Cause %}'},
                           'Assign': {'error': '{% $states.errorOutput.Error %}'}, 'Next': 'B'}], 'End': true""")
                + ", 'B': {'Type': 'Fail'}").state("A")).containsKey("Catch");
    }

    @Test
    void statesErrorOutput_outsideACatcher_isRefused_andACatcherCannotReadTheResult() {
        assertThat(problemsOfStates(task("A", """
                'Output': '{% $states.errorOutput %}', 'Assign': {'e': '{% $states.errorOutput.Error %}'},
                'Catch': [{'ErrorEquals': ['States.ALL'], 'Output': '{% $states.result %}', 'Next': 'B'}],
                'End': true""") + ", 'B': {'Type': 'Fail'}"))
                .containsExactlyInAnyOrder(
                        "States.A.Output: " + ERROR_OUTPUT_REFUSED,
                        "States.A.Assign.e: " + ERROR_OUTPUT_REFUSED,
                        "States.A.Catch[0].Output: " + RESULT_REFUSED);
    }

    // ---- evaluation has no context item either ----

    @Test
    void evaluation_hasNoContextItem_theInputIsOnlyStatesInput() throws Exception {
        Map<String, Object> states = Map.of("input", Map.of("phone", "555", "items", List.of(Map.of("p", 1), Map.of("p", 7))));

        assertThat(JsonataTemplate.evaluate("{% $exists($) %}", states, "States.E.Output")).isEqualTo(false);
        assertThat(JsonataTemplate.evaluate("{% $exists(phone) %}", states, "States.E.Output")).isEqualTo(false);
        assertThat(JsonataTemplate.evaluate("{% $states.input.phone %}", states, "States.E.Output")).isEqualTo("555");
        assertThat(JsonataTemplate.evaluate("{% $states.input.items[$.p > 5].p %}", states, "States.E.Output"))
                .isEqualTo(7);
    }
}

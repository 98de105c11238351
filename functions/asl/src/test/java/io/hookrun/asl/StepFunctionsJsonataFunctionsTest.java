package io.hookrun.asl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * $partition, $range, $hash, $random, $uuid and $parse through {@link JsonataTemplate}, as workflows call them.
 * Cases marked "recorded on AWS" come from Step Functions executions recorded on AWS (LocalStack's AWS-validated
 * snapshots, test_array_jsonata and test_json_manipulation_jsonata).
 */
class StepFunctionsJsonataFunctionsTest {

    private static Object eval(String expression, Object input) throws StateFailure {
        return eval(expression, input, Map.of());
    }

    private static Object eval(String expression, Object input, Map<String, Object> variables) throws StateFailure {
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("input", input);
        return JsonataTemplate.evaluate("{% " + expression + " %}", states, variables, "States.State_0.Output");
    }

    private static String evalToJson(String expression) throws StateFailure {
        return JsonValues.write(eval(expression, Map.of()));
    }

    private static String cause(String expression, Object input) {
        try {
            eval(expression, input);
        } catch (StateFailure failure) {
            assertThat(failure.error()).isEqualTo("States.QueryEvaluationError");
            return failure.cause();
        }
        throw new AssertionError(expression + " did not fail");
    }

    private static String cause(String expression) {
        return cause(expression, Map.of());
    }

    // $partition

    @ParameterizedTest(name = "$partition({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', value = {
        "[0]          | 1 | [[0]]",
        "[0]          | 5 | [[0]]",
        "[0,1]        | 1 | [[0],[1]]",
        "[0,1]        | 2 | [[0,1]]",
        "[0,1,2]      | 2 | [[0,1],[2]]",
        "[0,1,2,3]    | 3 | [[0,1,2],[3]]",
        "[0,1,2,3]    | 4 | [[0,1,2,3]]",
        "[0,1,2,3]    | 5 | [[0,1,2,3]]",
    })
    void partition_asRecordedOnAws(String array, int size, String expected) throws Exception {
        Object input = JsonValues.parse("{\"FunctionInput\": {\"fst\": " + array + ", \"snd\": " + size + "}}");

        assertThat(JsonValues.write(eval("$partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd)",
                input))).isEqualTo(expected);
    }

    @Test
    void partition_emptyArray_isEmpty_andObjectsAreKept() throws Exception {
        assertThat(evalToJson("$partition([], 2)")).isEqualTo("[]");
        assertThat(evalToJson("$partition([{'a': 1}, null, 'x'], 2)")).isEqualTo("[[{\"a\":1},null],[\"x\"]]");
    }

    @Test
    void partition_nonIntegerSize_isRoundedDown() throws Exception {
        assertThat(evalToJson("$partition([1, 2, 3], 2.9)")).isEqualTo("[[1,2],[3]]");
    }

    @Test
    void partition_sizeBelowOne_fails() {
        assertThat(cause("$partition([1, 2], 0)")).endsWith(
                "threw an error during evaluation: $partition: the chunk size must be a positive integer, got 0");
        assertThat(cause("$partition([1, 2], -1)")).contains("$partition: the chunk size must be a positive integer");
    }

    @Test
    void partition_wrongArgumentTypes_failAsJsonataSignatures() {
        assertThat(cause("$partition([1, 2], 'two')")).contains("threw an error during evaluation. T0410: ")
                .contains("partition");
        assertThat(cause("$partition([1, 2])")).contains("T0410");
    }

    // $range

    @ParameterizedTest(name = "$range({0}, {1}, {2}) = {3}")
    @CsvSource(delimiter = '|', value = {
        "0 | 9  | 3 | [0,3,6,9]",
        "0 | 10 | 3 | [0,3,6,9]",
        "1 | 9  | 9 | 1",
        "1 | 9  | 2 | [1,3,5,7,9]",
    })
    void range_asRecordedOnAws(int start, int end, int step, String expected) throws Exception {
        Object input = JsonValues.parse("{\"FunctionInput\": {\"fst\": " + start + ", \"snd\": " + end + ", \"trd\": " + step + "}}");

        assertThat(JsonValues.write(eval("$range($states.input.FunctionInput.fst, $states.input.FunctionInput.snd, "
                + "$states.input.FunctionInput.trd)", input))).isEqualTo(expected);
    }

    /** Recorded on AWS by floci-io/floci#2662 and #2676: the end is included, arguments round towards zero. */
    @Test
    void range_includesTheEnd_countsDown_andRoundsTowardsZero() throws Exception {
        assertThat(evalToJson("$range(0, 6, 2)")).isEqualTo("[0,2,4,6]");
        assertThat(evalToJson("$range(0, 10, 2)")).isEqualTo("[0,2,4,6,8,10]");
        assertThat(evalToJson("$range(1, -5, -1)")).isEqualTo("[1,0,-1,-2,-3,-4,-5]");
        assertThat(evalToJson("$range(-1.7, 2, 1)")).isEqualTo("[-1,0,1,2]");
        assertThat(evalToJson("$count($range(1, 200000, 1))")).isEqualTo("200000");
    }

    /** A sequence with no values is undefined in JSONata: as a whole field that is "returned nothing". */
    @Test
    void range_thatCannotReachItsEnd_isUndefined() throws Exception {
        assertThat(cause("$range(9, 1, 1)")).endsWith("returned nothing (undefined).");
        assertThat(cause("$range(1, 9, 0)")).endsWith("returned nothing (undefined).");
        assertThat(evalToJson("$count($range(9, 1, 1))")).isEqualTo("0");
    }

    @Test
    void range_beyondAwsMemoryLimit_failsAsAwsDoes() {
        assertThat(cause("$range(0, 1e12, 1)")).endsWith("threw an error during evaluation: Expression evaluation "
                + "memory limit exceeded: Check for excessive memory usage");
    }

    @Test
    void range_nonNumbers_failAsJsonataSignatures() {
        assertThat(cause("$range('0', 10, 1)")).contains("T0410");
    }

    // $hash

    @ParameterizedTest(name = "$hash(''input data'', {0})")
    @CsvSource({
        "MD5,     812f45842bc6d66ee14572ce20db8e86",
        "SHA-1,   aaff4a450a104cd177d28d18d74485e8cae074b7",
        "SHA-256, b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3",
    })
    void hash_givesLowerCaseHex(String algorithm, String expected) throws Exception {
        assertThat(eval("$hash('input data', '" + algorithm + "')", Map.of())).isEqualTo(expected);
    }

    /** Recorded on AWS by floci-io/floci#2662. */
    @Test
    void hash_asRecordedOnAws() throws Exception {
        assertThat(eval("$hash(\"input\", \"SHA-1\")", Map.of())).isEqualTo("140f86aae51ab9e1cda9b4254fe98a74eb54c1a1");
    }

    @Test
    void hash_longerDigests_haveTheirLength_andHashUtf8() throws Exception {
        assertThat((String) eval("$hash('x', 'SHA-384')", Map.of())).hasSize(96).matches("[0-9a-f]+");
        assertThat((String) eval("$hash('x', 'SHA-512')", Map.of())).hasSize(128).matches("[0-9a-f]+");
        assertThat(eval("$hash($states.input.s, 'MD5')", Map.of("s", "é"))).isEqualTo("66ddcd97cfdeabb2f6fb8a999b4bc76f");
    }

    @Test
    void hash_unknownAlgorithm_fails() {
        assertThat(cause("$hash('x', 'SHA-3')")).endsWith("threw an error during evaluation: $hash: the algorithm must "
                + "be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, got \"SHA-3\"");
        assertThat(cause("$hash('x', 'sha-256')")).contains("$hash: the algorithm must be one of");
    }

    @Test
    void hash_nonString_failsAsJsonataSignatures() {
        assertThat(cause("$hash(42, 'MD5')")).contains("T0410");
    }

    // $random

    /** Recorded on AWS by floci-io/floci#2662: the seeded form is java.util.Random's first double. */
    @Test
    void random_withASeed_isAwsNumberForThatSeed() throws Exception {
        assertThat(eval("$random(42)", Map.of())).isEqualTo(0.7275636800328681);
        assertThat(eval("$random(42.9)", Map.of())).isEqualTo(0.7275636800328681);
    }

    @Test
    void random_withASeed_isTheSameNumberEveryTime_andDiffersBySeed() throws Exception {
        Object first = eval("$random(80)", Map.of());

        assertThat(first).isInstanceOf(Double.class);
        assertThat((Double) first).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        assertThat(eval("$random(80)", Map.of())).isEqualTo(first);
        assertThat(eval("$random($states.input.seed)", Map.of("seed", 80))).isEqualTo(first);
        assertThat(eval("$random(81)", Map.of())).isNotEqualTo(first);
    }

    @Test
    void random_withoutASeed_isInZeroToOne_andVaries() throws Exception {
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Object value = eval("$random()", Map.of());
            assertThat((Double) value).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            seen.add(value);
        }
        assertThat(seen).hasSizeGreaterThan(1);
    }

    @Test
    void random_nonNumberSeed_failsAsJsonataSignatures() {
        assertThat(cause("$random('x')")).contains("T0410");
    }

    // $uuid

    @Test
    void uuid_isARandomVersion4Uuid() throws Exception {
        Object first = eval("$uuid()", Map.of());

        assertThat((String) first).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(eval("$uuid()", Map.of())).isNotEqualTo(first);
    }

    // $parse

    /** Recorded on AWS for these inputs (test_parse). */
    @ParameterizedTest(name = "$parse({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        "-0                        | 0",
        "1                         | 1",
        "1.1                       | 1.1",
        "true                      | true",
        "\"HelloWorld\"            | \"HelloWorld\"",
        "[1, 2, \"HelloWorld\"]    | [1,2,\"HelloWorld\"]",
        "{\"Arg1\": 1, \"Arg2\": []} | {\"Arg1\":1,\"Arg2\":[]}",
    })
    void parse_asRecordedOnAws(String json, String expected) throws Exception {
        assertThat(JsonValues.write(eval("$parse($states.input.FunctionInput)", Map.of("FunctionInput", json))))
                .isEqualTo(expected);
    }

    @Test
    void parse_nullAndNullsInside_areValues() throws Exception {
        assertThat(eval("$parse('null')", Map.of())).isNull();
        assertThat(evalToJson("$parse('[1, null]')[1] = null")).isEqualTo("true");
    }

    @Test
    void parse_textThatIsNotJson_fails() {
        assertThat(cause("$parse('{not json')")).contains("threw an error during evaluation: $parse: the string is not JSON: ");
        assertThat(cause("$parse(\"{'a': 1}\")")).contains("$parse: the string is not JSON");
    }

    @Test
    void parse_nonString_failsAsJsonataSignatures() {
        assertThat(cause("$parse(1)")).contains("T0410");
    }

    // $eval, shadowing, undefined arguments

    @Test
    void eval_isRefusedAtValidation_withAMessageSayingSo() {
        List<String> problems = new ArrayList<>();

        JsonataTemplate.checkExpressions(Map.of("a", "{% $eval('1 + 1') %}"), "States.S.Output", problems);
        JsonataTemplate.checkExpressions(List.of("{% $states.input ~> $eval %}"), "States.S.Arguments", problems);

        assertThat(problems).containsExactly(
                "States.S.Output.a: the JSONata function $eval is not supported in Step Functions workflows;"
                        + " use $parse to read a JSON string",
                "States.S.Arguments[0]: the JSONata function $eval is not supported in Step Functions workflows;"
                        + " use $parse to read a JSON string");
    }

    @Test
    void eval_mentionedInAStringOrRegexOrOtherName_isNotRefused() {
        List<String> problems = new ArrayList<>();

        JsonataTemplate.checkExpressions(List.of("{% '$eval' %}", "{% $contains('x', /\\$eval/) %}",
                "{% $evaluate %}", "{% /* $eval */ 1 %}", "{% $states.input.eval %}"), "States.S.Output", problems);

        assertThat(problems).isEmpty();
    }

    /** Recorded on AWS by floci-io/floci#2737: $eval is not a function there. */
    @Test
    void eval_atRunTime_failsAsOnAws() {
        assertThat(cause("$eval(\"1+1\")")).endsWith("The JSONata expression '$eval(\"1+1\")' specified for the field "
                + "'Output' threw an error during evaluation. T1006: Attempted to invoke a non-function");
    }

    @Test
    void variables_cannotHideTheFunctionsOrStates() throws Exception {
        Map<String, Object> variables = Map.of("partition", "mine", "uuid", 1, "states", Map.of("input", "fake"),
                "hash", "x");

        assertThat(JsonValues.write(eval("$partition([1, 2], 1)", Map.of("real", true), variables))).isEqualTo("[[1],[2]]");
        assertThat(eval("$states.input.real", Map.of("real", true), variables)).isEqualTo(true);
        assertThat(eval("$type($uuid)", Map.of(), variables)).isEqualTo("function");
    }

    @Test
    void functions_givenUndefined_returnUndefined_likeJsonatasOwn() {
        assertThat(cause("$partition($states.input.missing, 2)")).endsWith("returned nothing (undefined).");
        assertThat(cause("$hash($states.input.missing, 'MD5')")).endsWith("returned nothing (undefined).");
        assertThat(cause("$parse($states.input.missing)")).endsWith("returned nothing (undefined).");
        assertThat(cause("$partition([1], $states.input.missing)")).endsWith("returned nothing (undefined).");
        assertThat(cause("$range(1, $states.input.missing, 1)")).endsWith("returned nothing (undefined).");
    }
}

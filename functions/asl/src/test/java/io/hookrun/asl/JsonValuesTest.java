package io.hookrun.asl;

import com.dashjoin.jsonata.Jsonata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonValuesTest {

    @Test
    void parse_keepsKeyOrderAndNulls() {
        Object parsed = JsonValues.parse("{\"z\": 1, \"a\": [true, null, \"x\"], \"m\": null, \"big\": 10000000000}");

        assertThat(parsed).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) parsed;
        assertThat(map.keySet()).containsExactly("z", "a", "m", "big");
        assertThat(map.get("a")).isEqualTo(Arrays.asList(true, null, "x"));
        assertThat(map.containsKey("m")).isTrue();
        assertThat(map.get("m")).isNull();
        assertThat(map.get("big")).isEqualTo(10_000_000_000L);
    }

    @Test
    void parse_keepsEmptyObjectsAndArrays() {
        assertThat(JsonValues.parse("{}")).isEqualTo(Map.of());
        assertThat(JsonValues.parse("[]")).isEqualTo(List.of());
        assertThat(JsonValues.write(JsonValues.parse("{\"o\": {}, \"l\": [], \"n\": [{}, []]}")))
                .isEqualTo("{\"o\":{},\"l\":[],\"n\":[{},[]]}");
    }

    @Test
    void write_quotesStringsAndEscapesAsJsonStringify() {
        assertThat(JsonValues.write("say \"hi\"\n")).isEqualTo("\"say \\\"hi\\\"\\n\"");
        assertThat(JsonValues.write("tab\t back\\ bell\u0007 slash/ é 😀")).isEqualTo("\"tab\\t back\\\\ bell\\u0007 slash/ é 😀\"");
        assertThat(JsonValues.write("lone \ud800 surrogate")).isEqualTo("\"lone \\ud800 surrogate\"");
        assertThat(JsonValues.write(null)).isEqualTo("null");
        assertThat(JsonValues.write(Map.of("k", List.of(1, 2.5, false)))).isEqualTo("{\"k\":[1,2.5,false]}");
    }

    @Test
    void write_refusesValuesThatAreNotJson() {
        assertThatThrownBy(() -> JsonValues.write(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonValues.write(new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parse_withBadText_throwsIllegalArgumentWithPosition() {
        assertThatThrownBy(() -> JsonValues.parse("{\"a\": }")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1:7");
    }

    /** JavaScript's Number#toString, which JSON.stringify uses and so Step Functions' JSONata output shows. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0,                        0",
        "-0,                       0",
        "1.0,                      1",
        "1.10,                     1.1",
        "0.30000000000000004,      0.30000000000000004",
        "12345678901234567890,     12345678901234567000",
        "9007199254740993,         9007199254740992",
        "1234567890123456789,      1234567890123456800",
        "1e20,                     100000000000000000000",
        "1e21,                     1e+21",
        "1.5e300,                  1.5e+300",
        "0.000001,                 0.000001",
        "1.5e-7,                   1.5e-7",
        "-2.5e-10,                 -2.5e-10",
        "123456.789,               123456.789",
    })
    void parseThenWrite_numbersAsJavaScriptWritesThem(String json, String expected) {
        assertThat(JsonValues.write(JsonValues.parse(json))).isEqualTo(expected);
    }

    @Test
    void plain_wholeNumbersBecomeIntegers_largeOnesBigIntegers_othersDoubles() {
        assertThat(JsonValues.plain(3.0)).isEqualTo(3);
        assertThat(JsonValues.plain(-0.0)).isEqualTo(0);
        assertThat(JsonValues.plain(3_000_000_000.0)).isEqualTo(3_000_000_000L);
        assertThat(JsonValues.plain(1.2345678901234567E19)).isEqualTo(new BigInteger("12345678901234567000"));
        assertThat(JsonValues.plain(Long.MAX_VALUE)).isEqualTo(new BigInteger("9223372036854776000"));
        assertThat(JsonValues.plain(new BigDecimal("0.1"))).isEqualTo(0.1);
        assertThat(JsonValues.plain(1.5)).isEqualTo(1.5);
        assertThat(JsonValues.plain(1e21)).isEqualTo(1e21);
    }

    @Test
    void plain_turnsJsonataListsAndNullMarkersIntoPlainValues() {
        Object plain = JsonValues.plain(Map.of("l", new com.dashjoin.jsonata.Utils.JList<>(List.of(1, Jsonata.NULL_VALUE))));

        assertThat(plain).isEqualTo(Map.of("l", Arrays.asList(1, null)));
        assertThat(((Map<?, ?>) plain).get("l")).isExactlyInstanceOf(java.util.ArrayList.class);
    }

    @Test
    void plain_refusesNonFiniteNumbersAndFunctions() {
        assertThatThrownBy(() -> JsonValues.plain(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonValues.plain(List.of(Double.NEGATIVE_INFINITY))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonValues.plain(new Object())).isInstanceOf(IllegalArgumentException.class);
    }
}

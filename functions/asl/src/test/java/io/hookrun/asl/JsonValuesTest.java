package io.hookrun.asl;

import org.junit.jupiter.api.Test;

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
    void write_quotesTopLevelStringsAndEscapes() {
        assertThat(JsonValues.write("say \"hi\"\n")).isEqualTo("\"say \\\"hi\\\"\\n\"");
        assertThat(JsonValues.write(null)).isEqualTo("null");
        assertThat(JsonValues.write(Map.of("k", List.of(1, 2.5, false)))).isEqualTo("{\"k\":[1,2.5,false]}");
    }

    @Test
    void parse_withBadText_throwsIllegalArgumentWithPosition() {
        assertThatThrownBy(() -> JsonValues.parse("{\"a\": }")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1:7");
    }
}

package io.hookrun.asl;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** AWS's examples ("Applying URL-encoding on request body"), brackets percent-encoded as RFC 3986 wants them. */
class UrlEncodedBodyTest {

    private static final Map<String, Object> ARRAY = Map.of("array", List.of("a", "b", "c", "d"));

    @Test
    void indices_isTheDefaultFormat() {
        assertThat(UrlEncodedBody.encode(ARRAY, "INDICES"))
                .isEqualTo("array%5B0%5D=a&array%5B1%5D=b&array%5B2%5D=c&array%5B3%5D=d");
    }

    @Test
    void repeat_repeatsTheName() {
        assertThat(UrlEncodedBody.encode(ARRAY, "REPEAT")).isEqualTo("array=a&array=b&array=c&array=d");
    }

    @Test
    void commas_joinsTheValues_andEncodesACommaInsideAValue() {
        assertThat(UrlEncodedBody.encode(ARRAY, "COMMAS")).isEqualTo("array=a,b,c,d");
        assertThat(UrlEncodedBody.encode(Map.of("array", List.of("a,b", "c")), "COMMAS")).isEqualTo("array=a%2Cb,c");
    }

    @Test
    void brackets_appendsEmptyBrackets() {
        assertThat(UrlEncodedBody.encode(ARRAY, "BRACKETS"))
                .isEqualTo("array%5B%5D=a&array%5B%5D=b&array%5B%5D=c&array%5B%5D=d");
    }

    @Test
    void nestedObjects_areNamedParentBracketField_asInAwsExample() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer", "1234567890");
        body.put("description", "Monthly subscription");
        body.put("metadata", Map.of("order_details", "monthly report data"));

        assertThat(UrlEncodedBody.encode(body, "INDICES")).isEqualTo("customer=1234567890"
                + "&description=Monthly%20subscription&metadata%5Border_details%5D=monthly%20report%20data");
    }

    @Test
    void objectsInsideArrays_takeTheirIndex_evenUnderCommas() {
        Map<String, Object> body = Map.of("items", List.of(Map.of("sku", "s1"), Map.of("sku", "s2")));

        assertThat(UrlEncodedBody.encode(body, "COMMAS")).isEqualTo("items%5B0%5D%5Bsku%5D=s1&items%5B1%5D%5Bsku%5D=s2");
        assertThat(UrlEncodedBody.encode(body, "BRACKETS")).isEqualTo("items%5B%5D%5Bsku%5D=s1&items%5B%5D%5Bsku%5D=s2");
    }

    @Test
    void scalars_areWrittenAsJsonWrites_nullIsEmpty_andReservedCharactersAreEncoded() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("n", 42);
        body.put("ok", true);
        body.put("none", null);
        body.put("q", "a+b&c=d é~*");
        body.put("empty", List.of());

        assertThat(UrlEncodedBody.encode(body, "INDICES")).isEqualTo("n=42&ok=true&none=&q=a%2Bb%26c%3Dd%20%C3%A9~%2A");
    }
}

package io.hookrun.asl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HttpTaskResult} of a body cut at the size cap. */
class HttpTaskResultTruncationTest {

    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));

    @Test
    void aTruncatedJsonBody_isKeptAsText_neverParsed_andMarked() {
        Map<String, Object> result = HttpTaskResult.of(new HttpInvoker.HttpResult(200, JSON,
                "{\"items\":[1,2".getBytes(StandardCharsets.UTF_8), true));

        assertThat(result).containsEntry("ResponseBody", "{\"items\":[1,2").containsEntry("ResponseBodyTruncated", true);
    }

    @Test
    void aTruncatedBodyThatHappensToBeValidJson_isStillText() {
        Map<String, Object> result = HttpTaskResult.of(new HttpInvoker.HttpResult(200, JSON,
                "12".getBytes(StandardCharsets.UTF_8), true));

        assertThat(result.get("ResponseBody")).isEqualTo("12");
    }

    @Test
    void aWholeBody_hasNoTruncationMark_andJsonIsParsed() {
        Map<String, Object> result = HttpTaskResult.of(new HttpInvoker.HttpResult(200, JSON,
                "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));

        assertThat(result).doesNotContainKey("ResponseBodyTruncated").containsEntry("ResponseBody", Map.of("ok", true));
    }

    @Test
    void aCharacterCutInTwoByTheCap_isDropped_notTurnedIntoAReplacementCharacter() {
        byte[] euro = "ab€".getBytes(StandardCharsets.UTF_8); // € is 3 bytes
        byte[] cut = java.util.Arrays.copyOf(euro, euro.length - 1);

        Map<String, Object> result = HttpTaskResult.of(new HttpInvoker.HttpResult(200, Map.of(), cut, true));

        assertThat(result.get("ResponseBody")).isEqualTo("ab");
        assertThat(HttpTaskResult.withoutCutCharacter(euro)).isEqualTo(euro);
        assertThat(HttpTaskResult.withoutCutCharacter("abc".getBytes(StandardCharsets.UTF_8))).hasSize(3);
    }
}

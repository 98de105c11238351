package io.hookrun.core.message;

import io.hookrun.core.json.JsonText;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SqsMessageTextTest {

    private static final JsonText JSON = new JsonText(ObjectMapper.getDefault());

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"FFFF", "FFFE", "0000", "0008", "001F", "D800", "DFFF"})
    void aRefusedCharacter_becomesAJsonEscape_thatParsesBackToIt(String hex) {
        String text = "a" + (char) Integer.parseInt(hex, 16) + "b";

        String escaped = SqsMessageText.escape(JSON.write(Map.of("s", text)));

        assertThat(SqsMessageText.isAccepted(escaped)).isTrue();
        assertThat(JSON.parse(escaped)).isEqualTo(Map.of("s", text));
    }

    @Test
    void allowedCharacters_andSurrogatePairs_areLeftAlone() {
        String json = "{\"s\":\"tab\\t\u00e9\u4e2d\uD83D\uDE00\uE000\uFFFD\"}";

        assertThat(SqsMessageText.escape(json)).isSameAs(json);
    }

    @Test
    void loneSurrogates_areEscaped_butNotThePairNextToThem() {
        assertThat(SqsMessageText.escape("\"\uDE00\uD83D\uDE00\uD83D\"")).isEqualTo("\"\\uDE00\uD83D\uDE00\\uD83D\"");
    }

    @Test
    void utf8Bytes_isTheEncodedLength() {
        String text = "a\u00e9\u4e2d\uD83D\uDE00";

        assertThat(SqsMessageText.utf8Bytes(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length).isEqualTo(10);
    }
}

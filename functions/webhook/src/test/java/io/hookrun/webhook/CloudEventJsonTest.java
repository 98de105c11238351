package io.hookrun.webhook;

import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.CloudEvent;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CloudEvent as SQS carries it and the workflow-step function reads it back: the JSON event format, with
 * extensions as top-level members and {@code data} or {@code data_base64}, never both.
 */
class CloudEventJsonTest {

    private final ObjectMapper mapper = ObjectMapper.getDefault();
    private final JsonText json = new JsonText(mapper);

    private static CloudEvent event(Object data, String dataBase64) {
        return new CloudEvent("1.0", "ce-1", "/s", "t", "2026-12-01T08:00:00Z", "application/json", "https://s/schema",
                "sub", data, dataBase64, Map.of("traceparent", "00-1", "count", 3, "hookrunrunid", "dropped"),
                "trg", "wf", "run-1");
    }

    @Test
    void writesTheJsonEventFormat_extensionsAtTheTop_nullsInsideDataKept() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("amount", new BigDecimal("10.50"));
        data.put("note", null);
        data.put("lines", List.of(1, "two"));

        String text = json.write(event(data, null));

        assertThat(text).isEqualTo("{\"specversion\":\"1.0\",\"id\":\"ce-1\",\"source\":\"/s\",\"type\":\"t\","
                + "\"time\":\"2026-12-01T08:00:00Z\",\"datacontenttype\":\"application/json\","
                + "\"dataschema\":\"https://s/schema\",\"subject\":\"sub\",\"count\":3,\"traceparent\":\"00-1\","
                + "\"hookruntriggerid\":\"trg\",\"hookrunworkflowid\":\"wf\",\"hookrunrunid\":\"run-1\","
                + "\"data\":{\"amount\":10.50,\"note\":null,\"lines\":[1,\"two\"]}}");
    }

    @Test
    void binaryData_isDataBase64_withoutData() {
        String text = json.write(event(null, "AAE="));

        assertThat(text).contains("\"data_base64\":\"AAE=\"").doesNotContain("\"data\"");
    }

    @Test
    void absentOptionalAttributes_areLeftOut_butDataNullIsWritten() {
        CloudEvent wrapped = new CloudEvent("1.0", "d-1", "/hooks/t", CloudEvent.WEBHOOK_RECEIVED, "2026-12-01T08:00:00Z",
                null, null, "t", "wf", "run");

        assertThat(json.write(wrapped)).doesNotContain("subject").doesNotContain("datacontenttype")
                .endsWith("\"data\":null}");
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        CloudEvent written = event(Map.of("a", List.of(true)), null);

        CloudEvent read = mapper.readValue(json.write(written).getBytes(StandardCharsets.UTF_8), CloudEvent.class);

        assertThat(read.id()).isEqualTo("ce-1");
        assertThat(read.subject()).isEqualTo("sub");
        assertThat(read.dataschema()).isEqualTo("https://s/schema");
        assertThat(read.extensions()).containsOnlyKeys("traceparent", "count");
        assertThat(read.hookrunrunid()).isEqualTo("run-1");
        assertThat(read.data()).isEqualTo(Map.of("a", List.of(true)));
    }

    @Test
    void hookrunsOwnNames_neverComeFromTheExtensions() {
        assertThat(event(null, null).extensions()).doesNotContainKey("hookrunrunid");
    }

    @Test
    void dataAndDataBase64Together_areRefused() {
        assertThatThrownBy(() -> event("x", "AA==")).isInstanceOf(IllegalArgumentException.class);
    }
}

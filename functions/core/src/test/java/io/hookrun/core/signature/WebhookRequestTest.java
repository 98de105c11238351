package io.hookrun.core.signature;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookRequestTest {

    @Test
    void header_isFoundWhateverTheCaseOfTheStoredOrRequestedName() {
        WebhookRequest request = new WebhookRequest(Map.of("Webhook-ID", "msg_1"), new byte[0]);

        assertThat(request.header("webhook-id")).contains("msg_1");
        assertThat(request.header("WEBHOOK-id")).contains("msg_1");
    }

    @Test
    void header_blankValue_countsAsAbsent() {
        WebhookRequest request = new WebhookRequest(Map.of("webhook-id", "  "), new byte[0]);

        assertThat(request.header("webhook-id")).isEmpty();
        assertThat(request.header("webhook-timestamp")).isEmpty();
    }

    @Test
    void body_null_becomesEmptyAndHeadersAreACopy() {
        Map<String, String> headers = new HashMap<>(Map.of("a", "1"));
        WebhookRequest request = new WebhookRequest(headers, null);
        headers.put("b", "2");

        assertThat(request.body()).isEmpty();
        assertThat(request.header("b")).isEmpty();
    }
}

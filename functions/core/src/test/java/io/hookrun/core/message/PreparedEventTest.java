package io.hookrun.core.message;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreparedEventTest {

    private static final String PLACEHOLDER = "6f1c1e0a-0000-4000-8000-00000000abcd";
    private static final String RUN_ID = "01a23115-841d-76de-90e2-75ea2d28fe3b";

    private static CloudEvent event(String runId) {
        return new CloudEvent("1.0", "msg_1", "/hooks/orders", "dev.hookrun.webhook.received", "2026-12-01T00:00:00Z",
                "application/json", Map.of("note", "x"), "orders", "order-flow", runId);
    }

    @Test
    void withRunId_swapsOnlyHookrunsMember_evenWhenTheDataHoldsTheSameTextLater() {
        String body = "{\"id\":\"msg_1\",\"hookrunrunid\":\"" + PLACEHOLDER + "\",\"data\":{\"hookrunrunid\":\""
                + PLACEHOLDER + "\"}}";
        PreparedEvent prepared = new PreparedEvent(event(PLACEHOLDER), body, 321);

        PreparedEvent sent = prepared.withRunId(RUN_ID);

        assertThat(sent.body()).isEqualTo("{\"id\":\"msg_1\",\"hookrunrunid\":\"" + RUN_ID
                + "\",\"data\":{\"hookrunrunid\":\"" + PLACEHOLDER + "\"}}");
        assertThat(sent.event().hookrunrunid()).isEqualTo(RUN_ID);
        assertThat(sent.messageBytes()).as("same size as measured").isEqualTo(321);
    }

    @Test
    void withRunId_ofAnotherLength_isABugNotASilentSizeChange() {
        String body = "{\"hookrunrunid\":\"" + PLACEHOLDER + "\"}";
        PreparedEvent prepared = new PreparedEvent(event(PLACEHOLDER), body, body.length());

        assertThatThrownBy(() -> prepared.withRunId("short")).isInstanceOf(IllegalStateException.class);
    }
}

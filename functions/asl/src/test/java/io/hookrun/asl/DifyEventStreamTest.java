package io.hookrun.asl;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading Dify's event streams by the Server-Sent Events rules, whatever framing a proxy gives them. */
class DifyEventStreamTest {

    @Test
    void dataLines_areEvents_namedByTheirJsonEventField_pingsAndCommentsSkipped() {
        String stream = "data: {\"event\": \"message\", \"answer\": \"Hi\"}\n\n"
                + "event: ping\n\n"
                + ": a comment\n\n"
                + "data: {\"event\": \"message_end\", \"id\": \"m-1\"}\n\n";

        assertThat(DifyEventStream.parse(stream)).containsExactly(
                new DifyEventStream.Event("message", Map.of("event", "message", "answer", "Hi")),
                new DifyEventStream.Event("message_end", Map.of("event", "message_end", "id", "m-1")));
    }

    @Test
    void anSseEventField_namesAnEventWhoseJsonHasNone_asAnEventColonErrorFrameDoes() {
        String stream = "event: error\r\ndata: {\"status\": 429, \"code\": \"too_many_requests\", \"message\": \"slow down\"}\r\n\r\n";

        assertThat(DifyEventStream.parse(stream)).containsExactly(new DifyEventStream.Event("error",
                Map.of("status", 429, "code", "too_many_requests", "message", "slow down")));
    }

    @Test
    void dataSplitOverSeveralLines_isJoined_andALastEventWithoutItsBlankLineCounts() {
        String stream = "data: {\"event\": \"workflow_finished\",\ndata:\"data\": {\"status\": \"succeeded\"}}";

        assertThat(DifyEventStream.parse(stream)).containsExactly(new DifyEventStream.Event("workflow_finished",
                Map.of("event", "workflow_finished", "data", Map.of("status", "succeeded"))));
    }

    @Test
    void aCutLastLine_isNoEvent() {
        assertThat(DifyEventStream.parse("data: {\"event\": \"message\", \"answer\": \"a\"}\n\ndata: {\"event\": \"mess"))
                .extracting(DifyEventStream.Event::name).containsExactly("message");
    }
}

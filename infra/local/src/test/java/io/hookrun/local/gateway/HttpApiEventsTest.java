package io.hookrun.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests become payload format 2.0 events field by field, as API Gateway writes them (no sockets here). */
class HttpApiEventsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private final HttpApiEvents events = new HttpApiEvents(Clock.fixed(NOW, ZoneOffset.UTC));

    private static HttpApiRequest request(Map<String, List<String>> headers, String rawQuery, byte[] body) {
        return new HttpApiRequest("post", "/hooks/orders%201", rawQuery, "HTTP/1.1", "127.0.0.1", headers, body);
    }

    @Test
    void headers_areLowerCased_repeatsCommaJoined_andCookiesMovedToTheirOwnList() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("X-Repeat", List.of("1", "2"));
        headers.put("Cookie", List.of("a=1; b=2"));
        headers.put("User-Agent", List.of("curl/8"));
        headers.put("Host", List.of("127.0.0.1:3000"));

        APIGatewayV2HTTPEvent event = events.toEvent(request(headers, null, new byte[0]), "POST /hooks/{triggerId}", Map.of("triggerId", "orders 1"));

        assertThat(event.getHeaders()).containsEntry("content-type", "application/json").containsEntry("x-repeat", "1,2")
                .doesNotContainKey("cookie").doesNotContainKey("Content-Type");
        assertThat(event.getCookies()).containsExactly("a=1", "b=2");
        assertThat(event.getRequestContext().getHttp().getUserAgent()).isEqualTo("curl/8");
        assertThat(event.getRequestContext().getDomainName()).isEqualTo("127.0.0.1:3000");
    }

    @Test
    void queryAndPath_keepTheirRawForms_andDecodedParameters() {
        APIGatewayV2HTTPEvent event = events.toEvent(request(Map.of(), "a=1&a=2&b=x%20y&flag", new byte[0]),
                "POST /hooks/{triggerId}", Map.of("triggerId", "orders 1"));

        assertThat(event.getRawPath()).isEqualTo("/hooks/orders%201");
        assertThat(event.getRawQueryString()).isEqualTo("a=1&a=2&b=x%20y&flag");
        assertThat(event.getQueryStringParameters()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1,2", "b", "x y", "flag", ""));
        assertThat(event.getPathParameters()).containsExactlyEntriesOf(Map.of("triggerId", "orders 1"));
    }

    @Test
    void utf8Body_staysText_otherBytesAreBase64Encoded() {
        APIGatewayV2HTTPEvent text = events.toEvent(request(Map.of(), null, "{\"ü\":1}".getBytes(StandardCharsets.UTF_8)), "POST /x", Map.of());
        byte[] binary = {(byte) 0xff, 0, 1, (byte) 0xfe};
        APIGatewayV2HTTPEvent bytes = events.toEvent(request(Map.of(), null, binary), "POST /x", Map.of());
        APIGatewayV2HTTPEvent empty = events.toEvent(request(Map.of(), null, new byte[0]), "POST /x", Map.of());

        assertThat(text.getBody()).isEqualTo("{\"ü\":1}");
        assertThat(text.getIsBase64Encoded()).isFalse();
        assertThat(bytes.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(bytes.getBody())).isEqualTo(binary);
        assertThat(empty.getBody()).isNull();
        assertThat(empty.getIsBase64Encoded()).isFalse();
    }

    @Test
    void envelopeAndRequestContext_areThoseOfPayloadFormat2() {
        APIGatewayV2HTTPEvent event = events.toEvent(request(Map.of(), null, new byte[0]), "POST /hooks/{triggerId}", Map.of());
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();

        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(event.getRouteKey()).isEqualTo("POST /hooks/{triggerId}");
        assertThat(event.getPathParameters()).as("absent, not empty, as API Gateway sends it").isNull();
        assertThat(context.getRouteKey()).isEqualTo("POST /hooks/{triggerId}");
        assertThat(context.getStage()).isEqualTo("$default");
        assertThat(context.getRequestId()).isNotBlank();
        assertThat(context.getTimeEpoch()).isEqualTo(NOW.toEpochMilli());
        assertThat(context.getTime()).isEqualTo("01/Mar/2026:10:15:30 +0000");
        assertThat(context.getHttp().getMethod()).isEqualTo("POST");
        assertThat(context.getHttp().getPath()).isEqualTo("/hooks/orders%201");
        assertThat(context.getHttp().getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(context.getHttp().getSourceIp()).isEqualTo("127.0.0.1");
    }
}

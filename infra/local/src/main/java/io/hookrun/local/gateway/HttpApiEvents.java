package io.hookrun.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a request into the event an HTTP API sends a Lambda integration with payload format 2.0: header names
 * lower-cased and repeated values comma-joined, cookies moved out of the headers into {@code cookies}, query
 * parameters decoded with repeats comma-joined, and the body as text, or base64 when it is not UTF-8 text.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">Payload format version 2.0</a>
 */
public final class HttpApiEvents {

    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private final Clock clock;

    public HttpApiEvents(Clock clock) {
        this.clock = clock;
    }

    /** The event for {@code request}, matched to the route {@code routeKey} with its path parameters. */
    public APIGatewayV2HTTPEvent toEvent(HttpApiRequest request, String routeKey, Map<String, String> pathParameters) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(v -> cookies.addAll(List.of(v.split(";\\s*"))));
            } else {
                headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        Map<String, String> query = query(request.rawQuery());
        ZonedDateTime now = ZonedDateTime.now(clock);
        String method = request.method().toUpperCase(Locale.ROOT);
        byte[] body = request.body();
        String text = utf8(body);
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(request.rawPath())
                .withRawQueryString(request.rawQuery() == null ? "" : request.rawQuery())
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withBody(body.length == 0 ? null : text != null ? text : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && text == null)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withDomainName(headers.getOrDefault("host", "127.0.0.1"))
                        .withDomainPrefix("local")
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toInstant().toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(request.rawPath())
                                .withProtocol(request.protocol())
                                .withSourceIp(request.sourceIp())
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .build();
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                query.merge(key, value, (a, b) -> a + "," + b);
            }
        }
        return query;
    }

    /** The body as text when it is valid UTF-8, else null (API Gateway then base64-encodes it). */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

package io.hookrun.lambda.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP API (payload format 2.0) request as every hookrun HTTP handler reads it: header names lower-cased (HTTP
 * compares them case-insensitively, and API Gateway passes them as the client sent them), the body as the exact
 * bytes received (base64-decoded when API Gateway encoded it: signatures are computed over bytes), absent maps
 * as empty ones.
 */
public record HttpApiRequest(String method, String path, Map<String, String> pathParameters,
                             Map<String, String> query, Map<String, String> headers, byte[] body) {

    public HttpApiRequest {
        Map<String, String> lowerCased = new TreeMap<>();
        headers.forEach((name, value) -> lowerCased.put(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lowerCased);
        pathParameters = Map.copyOf(pathParameters);
        query = Map.copyOf(query);
        body = body == null ? new byte[0] : body;
    }

    /**
     * Reads an API Gateway event.
     *
     * @throws IllegalArgumentException when the event says its body is base64 but it is not
     */
    public static HttpApiRequest of(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getMethod() != null
                ? event.getRequestContext().getHttp().getMethod().toUpperCase(Locale.ROOT) : "GET";
        return new HttpApiRequest(method, event.getRawPath() == null ? "/" : event.getRawPath(),
                orEmpty(event.getPathParameters()), orEmpty(event.getQueryStringParameters()),
                orEmpty(event.getHeaders()), body(event));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> pathParameter(String name) {
        return Optional.ofNullable(pathParameters.get(name));
    }

    /** The body as UTF-8 text; null when there is none. */
    public String bodyText() {
        return body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        return event.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}

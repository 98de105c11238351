package io.hookrun.lambda.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.core.json.JsonText;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds HTTP API (payload 2.0) responses: JSON bodies and RFC 9457 problems. */
@Singleton
public class HttpResponses {

    public static final String APPLICATION_JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    private final JsonText json;

    public HttpResponses(JsonText json) {
        this.json = json;
    }

    /** A JSON response; {@code extraHeaders} may be empty. */
    public APIGatewayV2HTTPResponse json(int status, Object body, Map<String, String> extraHeaders) {
        return response(status, APPLICATION_JSON, toJson(body), extraHeaders);
    }

    public APIGatewayV2HTTPResponse json(int status, Object body) {
        return json(status, body, Map.of());
    }

    /** A response whose body is already JSON text (a stored answer being replayed). */
    public APIGatewayV2HTTPResponse rawJson(int status, String body, Map<String, String> extraHeaders) {
        return response(status, APPLICATION_JSON, body, extraHeaders);
    }

    public APIGatewayV2HTTPResponse problem(ProblemDetail problem, Map<String, String> extraHeaders) {
        return response(problem.status(), PROBLEM_JSON, toJson(problem), extraHeaders);
    }

    public APIGatewayV2HTTPResponse problem(int status, String slug, String title, String detail) {
        return problem(ProblemDetail.of(status, slug, title, detail), Map.of());
    }

    /**
     * Adds {@code requestId} (the Lambda request id, as the logs show it) to a problem+json answer, so a sender can
     * quote it; any other answer is returned unchanged. RFC 9457 section 3.2 allows such extension members.
     */
    public APIGatewayV2HTTPResponse withRequestId(APIGatewayV2HTTPResponse response, String requestId) {
        if (requestId == null || response.getHeaders() == null
                || !PROBLEM_JSON.equals(response.getHeaders().get("content-type"))
                || !(json.parse(response.getBody()) instanceof Map<?, ?> members)) {
            return response;
        }
        Map<Object, Object> withId = new LinkedHashMap<>(members);
        withId.put("requestId", requestId);
        response.setBody(toJson(withId));
        return response;
    }

    public String toJson(Object body) {
        return json.write(body);
    }

    private static APIGatewayV2HTTPResponse response(int status, String contentType, String body,
                                                     Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        headers.putAll(extraHeaders);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}

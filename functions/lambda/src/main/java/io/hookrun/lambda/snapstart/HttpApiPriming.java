package io.hookrun.lambda.snapstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpApiRequest;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One synthetic HTTP API request, the way the Lambda runtime hands it to a hookrun handler: a payload format 2.0 event
 * read from JSON with the function's own {@link JsonMapper} (the mapper {@code LambdaEventSerializer} uses), turned
 * into an {@link HttpApiRequest}, routed, and the response written back to JSON. Priming with it warms the event and
 * response (de)serialisers as well as the route.
 */
public final class HttpApiPriming {

    private HttpApiPriming() {
    }

    /**
     * @param route what the handler does with the request
     * @return the response, already written once to JSON
     */
    public static APIGatewayV2HTTPResponse request(JsonMapper json, String method, String path,
                                                   Map<String, String> pathParameters, Map<String, String> headers,
                                                   String body, Function<HttpApiRequest, APIGatewayV2HTTPResponse> route)
            throws IOException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", method + " " + path);
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        event.put("headers", headers);
        event.put("pathParameters", pathParameters);
        event.put("requestContext", Map.of("http", Map.of("method", method, "path", path, "protocol", "HTTP/1.1",
                        "sourceIp", "192.0.2.1", "userAgent", "hookrun-snapstart-priming"),
                "requestId", "snapstart-priming", "routeKey", method + " " + path, "stage", "$default",
                "timeEpoch", 0));
        event.put("body", body);
        event.put("isBase64Encoded", false);
        APIGatewayV2HTTPEvent read = json.readValue(json.writeValueAsBytes(event), APIGatewayV2HTTPEvent.class);
        APIGatewayV2HTTPResponse response = route.apply(HttpApiRequest.of(read));
        json.writeValueAsBytes(response);
        return response;
    }

    /** Fails the priming step (it is logged, never thrown out of the hook) when the answer is not one expected. */
    public static APIGatewayV2HTTPResponse expectStatus(APIGatewayV2HTTPResponse response, int... expected) {
        if (Arrays.stream(expected).noneMatch(status -> status == response.getStatusCode())) {
            throw new IllegalStateException("answered " + response.getStatusCode() + ", expected "
                    + Arrays.toString(expected) + ": " + response.getBody());
        }
        return response;
    }
}

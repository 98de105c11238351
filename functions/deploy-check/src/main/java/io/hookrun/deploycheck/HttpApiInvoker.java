package io.hookrun.deploycheck;

import io.micronaut.json.JsonMapper;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Calls a function version the way API Gateway would, but with Lambda's {@code Invoke}: the request becomes an HTTP
 * API payload format 2.0 event (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html),
 * the function's answer is read back as its status code and body. Invoking the version's ARN reaches exactly that
 * version, before the alias (and so API Gateway) sends it any traffic; it also skips API Gateway's IAM authorizer of
 * the admin routes, which is why only this hook's role may invoke those versions.
 */
class HttpApiInvoker {

    private final LambdaClient lambda;
    private final JsonMapper json;
    private final Clock clock;

    HttpApiInvoker(LambdaClient lambda, JsonMapper json, Clock clock) {
        this.lambda = lambda;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param routeKey       the route as the template declares it ({@code POST /hooks/{triggerId}})
     * @param pathParameters what API Gateway would extract from the path for that route
     * @throws FunctionFailedException when the function itself failed (an unhandled error, not an HTTP answer)
     */
    HttpAnswer call(String function, String method, String routeKey, String path, Map<String, String> pathParameters,
                    Map<String, String> headers, String body) {
        InvokeResponse response = lambda.invoke(r -> r.functionName(function)
                .payload(SdkBytes.fromByteArray(write(event(method, routeKey, path, pathParameters, headers, body)))));
        if (response.functionError() != null) {
            throw new FunctionFailedException(function, response.functionError(), errorType(function, response.payload()));
        }
        Map<String, Object> answer = read(function, response.payload());
        Object status = answer.get("statusCode");
        if (!(status instanceof Number number)) {
            throw new FunctionFailedException(function, "NoStatusCode", "the answer is not an HTTP API response");
        }
        Object answerBody = answer.get("body");
        return new HttpAnswer(number.intValue(), answerBody == null ? "" : String.valueOf(answerBody));
    }

    private Map<String, Object> event(String method, String routeKey, String path, Map<String, String> pathParameters,
                                      Map<String, String> headers, String body) {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "127.0.0.1");
        http.put("userAgent", "hookrun-deploy-check");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("http", http);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("timeEpoch", clock.millis());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        Map<String, String> allHeaders = new LinkedHashMap<>(headers);
        allHeaders.put("user-agent", "hookrun-deploy-check");
        event.put("headers", allHeaders);
        event.put("requestContext", context);
        event.put("pathParameters", pathParameters);
        event.put("isBase64Encoded", false);
        if (body != null) {
            event.put("body", body);
        }
        return event;
    }

    private byte[] write(Map<String, Object> event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String function, SdkBytes payload) {
        try {
            Object value = json.readValue(payload.asByteArray(), Map.class);
            return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (IOException e) {
            throw new FunctionFailedException(function, "UnreadableAnswer", "the answer is not JSON");
        }
    }

    /** Only the error's type: its message may quote what the function was handling. */
    private String errorType(String function, SdkBytes payload) {
        try {
            Object type = read(function, payload).get("errorType");
            return type == null ? "unknown error type" : String.valueOf(type);
        } catch (FunctionFailedException e) {
            return "unknown error type";
        }
    }

    /** The invoked function failed instead of answering: Lambda's {@code X-Amz-Function-Error}. */
    static final class FunctionFailedException extends RuntimeException {

        FunctionFailedException(String function, String functionError, String detail) {
            super(function + " failed (" + functionError + "): " + detail);
        }
    }
}

package io.hookrun.asl;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code arn:aws:states:::http:invoke} task with Step Functions' argument and result names. Each call
 * carries {@code Idempotency-Key: <runId>:<step>} (unless the workflow sets one) so that a step repeated after
 * a crash is recognisable downstream.
 */
final class HttpTask {

    private static final int DEFAULT_TIMEOUT_SECONDS = 60;

    private final HttpInvoker invoker;

    HttpTask(HttpInvoker invoker) {
        this.invoker = invoker;
    }

    Map<String, Object> invoke(String stateName, Object arguments, Object timeoutSeconds, ExecutionContext context)
            throws StateFailure, TransientStepException {
        if (!(arguments instanceof Map<?, ?> args)) {
            throw new StateFailure("States.Runtime", stateName + ": Arguments must evaluate to an object");
        }
        String method = String.valueOf(args.get("Method")).toUpperCase(Locale.ROOT);
        URI uri = uri(stateName, args.get("ApiEndpoint"), args.get("QueryParameters"));
        Map<String, String> headers = new LinkedHashMap<>();
        if (args.get("Headers") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        }
        byte[] body = body(args.get("RequestBody"), headers);
        if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Idempotency-Key"))) {
            headers.put("Idempotency-Key", context.runId() + ":" + context.sequence());
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds instanceof Number n ? n.longValue() : DEFAULT_TIMEOUT_SECONDS);
        HttpInvoker.HttpResult response;
        try {
            response = invoker.invoke(new HttpInvoker.HttpCall(method, uri, headers, body, timeout));
        } catch (IOException e) {
            throw new TransientStepException(stateName + ": " + method + " " + uri.getScheme() + "://" + uri.getAuthority()
                    + uri.getPath() + " failed: " + e, e);
        }
        Map<String, Object> result = result(response);
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new StateFailure("States.Http.StatusCode." + response.statusCode(),
                    stateName + ": " + method + " " + uri.getPath() + " answered " + response.statusCode());
        }
        return result;
    }

    private static URI uri(String stateName, Object endpoint, Object query) throws StateFailure {
        StringBuilder url = new StringBuilder(String.valueOf(endpoint));
        if (query instanceof Map<?, ?> params && !params.isEmpty()) {
            url.append(url.indexOf("?") < 0 ? '?' : '&');
            boolean first = true;
            for (Map.Entry<?, ?> e : params.entrySet()) {
                List<?> values = e.getValue() instanceof List<?> list ? list : List.of(String.valueOf(e.getValue()));
                for (Object value : values) {
                    if (!first) {
                        url.append('&');
                    }
                    first = false;
                    url.append(encode(String.valueOf(e.getKey()))).append('=').append(encode(String.valueOf(value)));
                }
            }
        }
        try {
            URI uri = URI.create(url.toString());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not http(s)");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new StateFailure("States.Runtime", stateName + ": ApiEndpoint is not an http(s) URL");
        }
    }

    private static byte[] body(Object requestBody, Map<String, String> headers) {
        if (requestBody == null) {
            return new byte[0];
        }
        if (requestBody instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            headers.put("Content-Type", "application/json");
        }
        return Functions.string(requestBody, false).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> result(HttpInvoker.HttpResult response) {
        Map<String, Object> headers = new LinkedHashMap<>();
        response.headers().forEach((name, values) -> {
            if (name != null && !name.startsWith(":")) {
                headers.put(name, String.join(", ", values));
            }
        });
        String text = new String(response.body(), StandardCharsets.UTF_8);
        Object body = text;
        String contentType = String.valueOf(headers.getOrDefault("content-type", "")).toLowerCase(Locale.ROOT);
        if (contentType.contains("json") && !text.isBlank()) {
            try {
                body = Json.parseJson(text);
            } catch (RuntimeException e) {
                body = text; // declared JSON but is not: keep the text
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("StatusCode", response.statusCode());
        result.put("StatusText", statusText(response.statusCode()));
        result.put("Headers", headers);
        result.put("ResponseBody", body);
        return result;
    }

    private static String statusText(int status) {
        return switch (status) {
            case 200 -> "OK"; case 201 -> "Created"; case 202 -> "Accepted"; case 204 -> "No Content";
            case 400 -> "Bad Request"; case 401 -> "Unauthorized"; case 403 -> "Forbidden"; case 404 -> "Not Found";
            case 409 -> "Conflict"; case 422 -> "Unprocessable Content"; case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error"; case 502 -> "Bad Gateway"; case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

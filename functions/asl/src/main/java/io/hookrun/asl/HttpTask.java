package io.hookrun.asl;

import io.hookrun.core.time.Deadline;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code arn:aws:states:::http:invoke} task with Step Functions' argument names ({@code ApiEndpoint},
 * {@code Method}, {@code Headers}, {@code QueryParameters}, {@code RequestBody}). Each call carries
 * {@code Idempotency-Key: <runId>:<sequence>} (unless the workflow sets one) so that a step repeated after a
 * crash is recognisable downstream. I/O errors are transient (the step is retried); an error status fails it.
 * The call waits {@code TimeoutSeconds} (default {@value #DEFAULT_TIMEOUT_SECONDS}) at most, and never longer than
 * the invocation running it has left minus a margin: on Lambda a killed invocation returns no partial batch
 * response, so the whole batch would come back and the call would be sent again.
 */
final class HttpTask {

    static final String RESOURCE = "arn:aws:states:::http:invoke";
    static final int DEFAULT_TIMEOUT_SECONDS = 60;

    private final HttpInvoker invoker;
    private final Duration deadlineMargin;

    /** @param deadlineMargin what each call leaves of the invocation's remaining time, to record its result */
    HttpTask(HttpInvoker invoker, Duration deadlineMargin) {
        this.invoker = invoker;
        this.deadlineMargin = deadlineMargin;
    }

    static boolean isHttpUrl(Object value) {
        if (!(value instanceof String text)) {
            return false;
        }
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    Map<String, Object> invoke(String stateName, Object arguments, Object timeoutSeconds, ExecutionContext context,
                               Deadline deadline) throws StateFailure, TransientStepException {
        String where = "States." + stateName + ".Arguments";
        if (!(arguments instanceof Map<?, ?> args)) {
            throw runtime(where + ": must evaluate to an object");
        }
        if (!(args.get("Method") instanceof String method) || !StateValidator.HTTP_METHODS.contains(method)) {
            throw runtime(where + ".Method: must be one of " + StateValidator.HTTP_METHODS);
        }
        URI uri = uri(where, args.get("ApiEndpoint"), args.get("QueryParameters"));
        Map<String, String> headers = headers(where, args.get("Headers"));
        byte[] body = body(args.get("RequestBody"), headers);
        if (find(headers, "Idempotency-Key") == null) {
            headers.put("Idempotency-Key", context.runId() + ":" + context.sequence());
        }
        String target = method + " " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + uri.getRawPath(); // for messages: no user info, no query (either may carry secrets)
        Duration timeout = timeout(timeoutSeconds, deadline);
        if (timeout.toMillis() < 1) {
            throw new TransientStepException("States." + stateName + ": " + target
                    + " was not called: no time left in this invocation", null);
        }
        HttpInvoker.HttpResult response;
        try {
            response = invoker.invoke(new HttpInvoker.HttpCall(method, uri, headers, body, timeout));
        } catch (IOException e) {
            throw new TransientStepException("States." + stateName + ": " + target + " failed: " + e, e);
        } catch (IllegalArgumentException e) {
            // e.g. a restricted header; the client's message may quote a header value, which may be a secret
            throw runtime(where + ": the request cannot be sent: " + withoutHeaderValues(e.getMessage(), headers));
        }
        Map<String, Object> result = HttpTaskResult.of(response);
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new StateFailure("States.Http.StatusCode." + status, "States." + stateName + ": " + target
                    + " answered " + status
                    + (result.get("StatusText").toString().isEmpty() ? "" : " " + result.get("StatusText")));
        }
        return result;
    }

    /**
     * {@code TimeoutSeconds}, cut to what the invocation has left minus the margin. Compared as durations, so an
     * absurd {@code TimeoutSeconds} (from a run snapshot older than the validator's cap) cannot overflow into an
     * {@link ArithmeticException} when the client converts it to milliseconds.
     */
    private Duration timeout(Object timeoutSeconds, Deadline deadline) {
        Duration requested = Duration.ofSeconds(timeoutSeconds instanceof Number n ? n.longValue() : DEFAULT_TIMEOUT_SECONDS);
        Duration left = deadline.remaining(deadlineMargin);
        return requested.compareTo(left) <= 0 ? requested : left;
    }

    private static URI uri(String where, Object endpoint, Object query) throws StateFailure {
        if (!isHttpUrl(endpoint)) {
            throw runtime(where + ".ApiEndpoint: must be an http(s) URL");
        }
        StringBuilder url = new StringBuilder((String) endpoint);
        if (query != null && !(query instanceof Map)) {
            throw runtime(where + ".QueryParameters: must be an object");
        }
        if (query instanceof Map<?, ?> params && !params.isEmpty()) {
            String separator = url.indexOf("?") < 0 ? "?" : "&";
            for (Map.Entry<?, ?> e : params.entrySet()) {
                List<?> values = e.getValue() instanceof List<?> list ? list : java.util.Collections.singletonList(e.getValue());
                for (Object value : values) {
                    if (value instanceof Map || value instanceof List) {
                        throw runtime(where + ".QueryParameters." + e.getKey() + ": must be a string or a list of strings");
                    }
                    url.append(separator).append(encode(String.valueOf(e.getKey()))).append('=').append(encode(text(value)));
                    separator = "&";
                }
            }
        }
        try {
            return new URI(url.toString());
        } catch (java.net.URISyntaxException e) {
            throw runtime(where + ".ApiEndpoint: not a valid URL: " + e.getReason());
        }
    }

    private static Map<String, String> headers(String where, Object given) throws StateFailure {
        Map<String, String> headers = new LinkedHashMap<>();
        if (given == null) {
            return headers;
        }
        if (!(given instanceof Map<?, ?> map)) {
            throw runtime(where + ".Headers: must be an object");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getValue() instanceof Map || e.getValue() instanceof List || e.getValue() == null) {
                throw runtime(where + ".Headers." + e.getKey() + ": must be a string");
            }
            headers.put(String.valueOf(e.getKey()), text(e.getValue()));
        }
        return headers;
    }

    private static byte[] body(Object requestBody, Map<String, String> headers) {
        if (requestBody == null) {
            return new byte[0];
        }
        if (requestBody instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (find(headers, "Content-Type") == null) {
            headers.put("Content-Type", "application/json");
        }
        return JsonValues.write(requestBody).getBytes(StandardCharsets.UTF_8);
    }

    /** The value of header {@code name}, matched case-insensitively as HTTP does, or null. */
    static <V> V find(Map<String, V> headers, String name) {
        for (Map.Entry<String, V> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** {@code message} with every header value in it replaced by {@code <redacted>}. */
    private static String withoutHeaderValues(String message, Map<String, String> headers) {
        String redacted = String.valueOf(message);
        for (String value : headers.values()) {
            if (!value.isEmpty()) {
                redacted = redacted.replace(value, "<redacted>");
            }
        }
        return redacted;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : JsonValues.write(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static StateFailure runtime(String cause) {
        return new StateFailure("States.Runtime", cause);
    }
}

package io.hookrun.asl;

import io.hookrun.core.connection.ConnectionStore;
import io.hookrun.core.outbound.HttpUrls;
import io.hookrun.core.time.Deadline;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code arn:aws:states:::http:invoke} task with Step Functions' argument names ({@code ApiEndpoint},
 * {@code Method}, {@code Headers}, {@code QueryParameters}, {@code RequestBody}, {@code Transform},
 * {@code Authentication}). Each call carries the state execution's {@code Idempotency-Key} (unless the workflow sets
 * one) so that a step repeated after a crash or a Retry is recognisable downstream.
 *
 * <p>{@code Authentication.ConnectionArn} names a connection whose credentials and parameters are added to the call
 * ({@link ConnectionAuthentication}, OAuth tokens by {@link OAuthTokens}); {@code Transform} may URL-encode the body
 * ({@link UrlEncodedBody}). Every cause of a call made with a connection has the connection's secret values
 * redacted ({@link SecretRedactor}); a 401 or 403 cause names the connection used. A connection store that cannot
 * be reached is no state failure: its {@code ConnectionUnreadableException} goes up to the worker, which brings the
 * step back after the outage as it does for a database outage (nothing was sent).
 *
 * <p>Failures are Step Functions errors, so that Retry and Catch see what they see on AWS ("Handling errors", error
 * names): an error status is {@code States.Http.StatusCode.<code>}; no answer within the state's
 * {@code TimeoutSeconds} is {@code States.Timeout}; a connection that fails, or no answer within the 60 seconds an HTTP
 * Task may take on AWS ("States.Http.Socket: occurs when an HTTP Task times out after 60 seconds"), is
 * {@code States.Http.Socket}. The cause texts are hookrun's (AWS documents none) and never quote headers or the query
 * string, which may hold secrets.
 *
 * <p>Only one case is not a state failure: the invocation running the step has too little time left to make or
 * finish the call (the call is also capped at what the invocation has left minus a margin: on Lambda a killed
 * invocation returns no partial batch response, so the whole batch would come back). That is a
 * {@link TransientStepException}: the step runs again later, in an invocation with time for it.
 */
final class HttpTask implements TaskIntegration {

    /** The header that tells a downstream which attempt of the state execution a call is (1 for the first). */
    static final String ATTEMPT_HEADER = "Hookrun-Attempt";
    static final String RESOURCE = TaskResource.HTTP_INVOKE;
    /** The longest an HTTP Task may wait for its answer on AWS, and so here: 60 seconds. */
    static final int DEFAULT_TIMEOUT_SECONDS = 60;
    static final String SOCKET_ERROR = "States.Http.Socket";

    private final HttpInvoker invoker;
    private final ConnectionAuthentication authentication;
    private final Duration deadlineMargin;

    /**
     * @param connections    where {@code Authentication.ConnectionArn} is looked up
     * @param deadlineMargin what each call leaves of the invocation's remaining time, to record its result
     * @param clock          now, for cached OAuth tokens
     */
    HttpTask(HttpInvoker invoker, ConnectionStore connections, Duration deadlineMargin, Clock clock) {
        this.invoker = invoker;
        this.authentication = new ConnectionAuthentication(connections, new OAuthTokens(invoker, clock));
        this.deadlineMargin = deadlineMargin;
    }

    @Override
    public Object invoke(TaskCall call) throws StateFailure, TransientStepException {
        return invoke(call.stateName(), call.arguments(), call.timeoutSeconds(), call.context(), call.deadline());
    }

    /** Checks the literal parts of an {@code http:invoke} Task's Arguments. */
    static void validate(String where, Map<?, ?> args, List<String> problems) {
        Object endpoint = args.get("ApiEndpoint");
        if (endpoint == null) {
            problems.add(where + ".Arguments.ApiEndpoint: is required");
        } else if (!FieldValues.isExpression(endpoint) && !HttpUrls.isHttpUrl(endpoint)) {
            problems.add(where + ".Arguments.ApiEndpoint: must be an http(s) URL or a {% %} expression");
        }
        Object method = args.get("Method");
        if (method == null) {
            problems.add(where + ".Arguments.Method: is required");
        } else if (!FieldValues.isExpression(method) && !StateValidator.HTTP_METHODS.contains(method)) {
            problems.add(where + ".Arguments.Method: must be one of " + new TreeSet<>(StateValidator.HTTP_METHODS)
                    + " or a {% %} expression");
        }
        for (String field : List.of("Headers", "QueryParameters")) {
            Object value = args.get(field);
            if (value != null && !FieldValues.isExpression(value) && !(value instanceof Map)) {
                problems.add(where + ".Arguments." + field + ": must be an object or a {% %} expression");
            }
        }
        ConnectionAuthentication.validate(where + ".Arguments.Authentication", args.get("Authentication"), problems);
        validateTransform(where + ".Arguments.Transform", args.get("Transform"), problems);
    }

    /** Checks a literal {@code Transform}: {@code RequestBodyEncoding} and {@code RequestEncodingOptions.ArrayFormat}. */
    private static void validateTransform(String where, Object transform, List<String> problems) {
        if (transform == null || FieldValues.isExpression(transform)) {
            return;
        }
        if (!(transform instanceof Map<?, ?> map)) {
            problems.add(where + ": must be an object or a {% %} expression");
            return;
        }
        for (Object key : map.keySet()) {
            if (!"RequestBodyEncoding".equals(key) && !"RequestEncodingOptions".equals(key)) {
                problems.add(where + "." + key + ": is not a field of Transform (RequestBodyEncoding,"
                        + " RequestEncodingOptions)");
            }
        }
        Object encoding = map.get("RequestBodyEncoding");
        if (encoding != null && !FieldValues.isExpression(encoding) && !UrlEncodedBody.ENCODINGS.contains(encoding)) {
            problems.add(where + ".RequestBodyEncoding: must be NONE or URL_ENCODED, or a {% %} expression");
        }
        Object options = map.get("RequestEncodingOptions");
        if (options == null || FieldValues.isExpression(options)) {
            return;
        }
        if (!(options instanceof Map<?, ?> opts)) {
            problems.add(where + ".RequestEncodingOptions: must be an object or a {% %} expression");
            return;
        }
        for (Object key : opts.keySet()) {
            if (!"ArrayFormat".equals(key)) {
                problems.add(where + ".RequestEncodingOptions." + key + ": is not a field of RequestEncodingOptions"
                        + " (ArrayFormat)");
            }
        }
        Object format = opts.get("ArrayFormat");
        if (format != null && !FieldValues.isExpression(format) && !UrlEncodedBody.ARRAY_FORMATS.contains(format)) {
            problems.add(where + ".RequestEncodingOptions.ArrayFormat: must be one of INDICES, REPEAT, COMMAS,"
                    + " BRACKETS, or a {% %} expression");
        }
    }


    /**
     * One call; every cause and message it fails with has the secret values of its connection redacted
     * ({@link SecretRedactor}), whichever part of the call wrote it.
     */
    Map<String, Object> invoke(String stateName, Object arguments, Object timeoutSeconds, ExecutionContext context,
                               Deadline deadline) throws StateFailure, TransientStepException {
        SecretRedactor secrets = new SecretRedactor();
        try {
            return call(stateName, arguments, timeoutSeconds, context, deadline, secrets);
        } catch (StateFailure failure) {
            throw new StateFailure(failure.error(), secrets.redact(failure.cause()));
        } catch (TransientStepException e) {
            throw new TransientStepException(secrets.redact(e.getMessage()), e.getCause());
        }
    }

    private Map<String, Object> call(String stateName, Object arguments, Object timeoutSeconds,
                                     ExecutionContext context, Deadline deadline, SecretRedactor secrets)
            throws StateFailure, TransientStepException {
        String where = "States." + stateName + ".Arguments";
        if (!(arguments instanceof Map<?, ?> args)) {
            throw runtime(where + ": must evaluate to an object");
        }
        if (!(args.get("Method") instanceof String method) || !StateValidator.HTTP_METHODS.contains(method)) {
            throw runtime(where + ".Method: must be one of " + StateValidator.HTTP_METHODS);
        }
        ConnectionAuthentication.Applied connection = authentication.resolve(where, args.get("Authentication"), secrets);
        URI uri = uri(where, args.get("ApiEndpoint"), query(where, args.get("QueryParameters"), connection));
        Map<String, String> headers = headers(where, args.get("Headers"));
        byte[] body = body(where, args.get("RequestBody"), args.get("Transform"), connection, headers);
        if (find(headers, "Idempotency-Key") == null) {
            headers.put("Idempotency-Key", context.idempotencyKey());
        }
        headers.put(ATTEMPT_HEADER, Integer.toString(context.attempt()));
        String target = method + " " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + uri.getRawPath(); // for messages: no user info, no query (either may carry secrets)
        Duration requested = requested(timeoutSeconds);
        Duration timeout = capped(requested, deadline);
        if (timeout.toMillis() < 1) {
            throw new TransientStepException("States." + stateName + ": " + target
                    + " was not called: no time left in this invocation", null);
        }
        // The connection's headers win over the Task's. An OAuth token may be fetched now: that request and the call
        // each get the Task's timeout (both capped by the invocation's time), so a slow token endpoint never makes the
        // call's own timeout look like an invocation running out. With a connection, the call below goes through an
        // invoker that fetches a new token once when a cached one is answered 401.
        HttpInvoker invoker = this.invoker;
        if (connection != null) {
            connection = authentication.authorize(connection, timeout, secrets);
            connection.headers().forEach((name, value) -> ConnectionAuthentication.putReplacing(headers, name, value));
            timeout = capped(requested, deadline);
            if (timeout.toMillis() < 1) {
                throw new TransientStepException("States." + stateName + ": " + target
                        + " was not called: no time left in this invocation after fetching a token", null);
            }
            invoker = authentication.refreshingOn401(this.invoker, connection, deadline, deadlineMargin, secrets);
        }
        HttpInvoker.HttpResult response;
        try {
            response = invoker.invoke(new HttpInvoker.HttpCall(method, uri, headers, body, timeout));
        } catch (io.hookrun.asl.outbound.OutboundRefusedException e) {
            // docs/adr/0007 "Outbound safety": not States.Http.Socket, so a Retry on socket errors does not repeat it
            throw new StateFailure("hookrun.OutboundRefused", "States." + stateName + ": " + target + " was not called: "
                    + e.getMessage());
        } catch (io.hookrun.asl.outbound.CircuitOpenException e) {
            throw new StateFailure("hookrun.CircuitOpen", "States." + stateName + ": " + target + " was not called: "
                    + e.getMessage());
        } catch (HttpConnectTimeoutException e) {
            throw new StateFailure(SOCKET_ERROR, "States." + stateName + ": " + target
                    + " failed: no connection within the connect timeout");
        } catch (HttpTimeoutException e) {
            if (timeout.compareTo(requested) < 0) {
                throw new TransientStepException("States." + stateName + ": " + target + " did not answer within the "
                        + timeout.toMillis() + " ms left in this invocation", e);
            }
            throw timedOut(stateName, target, timeoutSeconds, requested);
        } catch (IOException e) {
            throw new StateFailure(SOCKET_ERROR, "States." + stateName + ": " + target + " failed: "
                    + describe(e, uri, headers));
        } catch (IllegalArgumentException e) {
            // e.g. a restricted header; the client's message may quote a header value, which may be a secret
            throw runtime(where + ": the request cannot be sent: " + withoutHeaderValues(e.getMessage(), headers));
        }
        Map<String, Object> result = HttpTaskResult.of(response);
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new StateFailure("States.Http.StatusCode." + status, "States." + stateName + ": " + target
                    + " answered " + status
                    + (result.get("StatusText").toString().isEmpty() ? "" : " " + result.get("StatusText"))
                    + (connection != null && (status == 401 || status == 403)
                    ? " (authenticated with connection '" + connection.connection().name() + "')" : ""));
        }
        return result;
    }

    /**
     * What the call may take: {@code TimeoutSeconds}, at most the 60 seconds an HTTP Task has on AWS. Compared as
     * durations, so an absurd {@code TimeoutSeconds} (from a run snapshot older than the validator's cap) cannot
     * overflow into an {@link ArithmeticException} when the client converts it to milliseconds.
     */
    private static Duration requested(Object timeoutSeconds) {
        Duration limit = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
        if (timeoutSeconds instanceof Number n && n.longValue() > 0) {
            Duration wanted = Duration.ofSeconds(n.longValue());
            return wanted.compareTo(limit) < 0 ? wanted : limit;
        }
        return limit;
    }

    /** {@code requested}, cut to what the invocation has left minus the margin. */
    private Duration capped(Duration requested, Deadline deadline) {
        Duration left = deadline.remaining(deadlineMargin);
        return requested.compareTo(left) <= 0 ? requested : left;
    }

    /**
     * No answer in time: {@code States.Timeout} when the state's own {@code TimeoutSeconds} ran out (it is at most the
     * 60-second limit), {@code States.Http.Socket} when AWS's 60-second limit for HTTP Tasks did.
     */
    private static StateFailure timedOut(String stateName, String target, Object timeoutSeconds, Duration waited) {
        boolean ownTimeout = timeoutSeconds instanceof Number n && n.longValue() > 0
                && n.longValue() <= DEFAULT_TIMEOUT_SECONDS;
        return ownTimeout
                ? new StateFailure(ErrorMatching.TIMEOUT, "States." + stateName + ": " + target
                + " did not answer within the state's TimeoutSeconds (" + waited.toSeconds() + " s)")
                : new StateFailure(SOCKET_ERROR, "States." + stateName + ": " + target + " did not answer within "
                + waited.toSeconds() + " s, the longest an HTTP Task waits");
    }

    /** The I/O failure's type and message, without the query string or header values it might quote. */
    private static String describe(IOException e, URI uri, Map<String, String> headers) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            message = message.replace(uri.getRawQuery(), "<query>");
        }
        return e.getClass().getSimpleName() + withoutHeaderValues(message, headers);
    }

    private static URI uri(String where, Object endpoint, Object query) throws StateFailure {
        if (!HttpUrls.isHttpUrl(endpoint)) {
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

    /** The Task's {@code QueryParameters} with the connection's added; on the same name, the connection's value wins. */
    private static Object query(String where, Object given, ConnectionAuthentication.Applied connection)
            throws StateFailure {
        if (connection == null || connection.query().isEmpty()) {
            return given;
        }
        if (given != null && !(given instanceof Map)) {
            throw runtime(where + ".QueryParameters: must be an object");
        }
        Map<Object, Object> merged = new LinkedHashMap<>(given == null ? Map.of() : (Map<?, ?>) given);
        connection.query().forEach((name, value) -> {
            merged.remove(name);
            merged.put(name, value);
        });
        return merged;
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

    /**
     * The request body: {@code RequestBody} with the connection's body parameters merged in (the connection's win;
     * a string body cannot take them, as on AWS), then JSON, or URL-encoded when {@code Transform} asks
     * ({@link UrlEncodedBody}). A string is sent as it is either way. A body written here gets a {@code Content-Type}
     * unless the Task set one.
     */
    private static byte[] body(String where, Object requestBody, Object transform,
                               ConnectionAuthentication.Applied connection, Map<String, String> headers)
            throws StateFailure {
        Object merged = requestBody;
        if (connection != null && !connection.body().isEmpty()) {
            if (requestBody instanceof String) {
                throw runtime(where + ".RequestBody: a string body cannot take the body parameters of connection '"
                        + connection.connection().name() + "'; make RequestBody an object");
            }
            if (requestBody != null && !(requestBody instanceof Map)) {
                throw runtime(where + ".RequestBody: must be an object to take the body parameters of connection '"
                        + connection.connection().name() + "'");
            }
            Map<Object, Object> fields = new LinkedHashMap<>(requestBody == null ? Map.of() : (Map<?, ?>) requestBody);
            connection.body().forEach((name, value) -> {
                fields.remove(name);
                fields.put(name, value);
            });
            merged = fields;
        }
        BodyEncoding encoding = encoding(where, transform);
        if (merged == null) {
            return new byte[0];
        }
        if (merged instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (UrlEncodedBody.URL_ENCODED.equals(encoding.encoding())) {
            if (!(merged instanceof Map<?, ?> fields)) {
                throw runtime(where + ".RequestBody: must be an object (or a string) to be URL-encoded");
            }
            if (find(headers, "Content-Type") == null) {
                headers.put("Content-Type", UrlEncodedBody.CONTENT_TYPE);
            }
            return UrlEncodedBody.encode(fields, encoding.arrayFormat()).getBytes(StandardCharsets.UTF_8);
        }
        if (find(headers, "Content-Type") == null) {
            headers.put("Content-Type", "application/json");
        }
        return JsonValues.write(merged).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code Transform.RequestBodyEncoding} and {@code RequestEncodingOptions.ArrayFormat}, as evaluated. */
    private record BodyEncoding(String encoding, String arrayFormat) { }

    /** {@code Transform}'s body encoding and array format, defaults {@code NONE} and {@code INDICES}. */
    private static BodyEncoding encoding(String where, Object transform) throws StateFailure {
        if (transform == null) {
            return new BodyEncoding(UrlEncodedBody.NONE, UrlEncodedBody.INDICES);
        }
        if (!(transform instanceof Map<?, ?> map)) {
            throw runtime(where + ".Transform: must be an object");
        }
        Object encoding = map.get("RequestBodyEncoding") == null ? UrlEncodedBody.NONE : map.get("RequestBodyEncoding");
        if (!UrlEncodedBody.ENCODINGS.contains(encoding)) {
            throw runtime(where + ".Transform.RequestBodyEncoding: must be NONE or URL_ENCODED");
        }
        Object format = UrlEncodedBody.INDICES;
        Object options = map.get("RequestEncodingOptions");
        if (options != null) {
            if (!(options instanceof Map<?, ?> opts)) {
                throw runtime(where + ".Transform.RequestEncodingOptions: must be an object");
            }
            format = opts.get("ArrayFormat") == null ? UrlEncodedBody.INDICES : opts.get("ArrayFormat");
            if (!UrlEncodedBody.ARRAY_FORMATS.contains(format)) {
                throw runtime(where + ".Transform.RequestEncodingOptions.ArrayFormat: must be one of INDICES,"
                        + " REPEAT, COMMAS, BRACKETS");
            }
        }
        return new BodyEncoding((String) encoding, (String) format);
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

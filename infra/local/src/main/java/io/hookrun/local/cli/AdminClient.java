package io.hookrun.local.cli;

import io.hookrun.local.admin.AdminTarget;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The admin API of a running hookrun, as the CLI uses it: any request ({@link #send}), authorized as the
 * {@link AdminTarget} says (a bearer token locally, SigV4 for a deployed API). Answers come back as they are (status,
 * {@code Retry-After}, the JSON body); an API that does not answer at all is a {@link NotRunning}.
 */
final class AdminClient {

    /**
     * An answer.
     *
     * @param body the body as a JSON object (an empty map when it is not one)
     * @param raw  the body's bytes, for {@code --output json}
     */
    record Answer(int status, Optional<Integer> retryAfter, Map<String, Object> body, byte[] raw) {

        String text(String field) {
            Object value = body.get(field);
            return value == null ? null : value.toString();
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** {@code title: detail} of a problem document, then each listed problem. */
        String problem() {
            StringBuilder b = new StringBuilder().append(text("title") == null ? "HTTP " + status : text("title"));
            if (text("detail") != null) {
                b.append(": ").append(text("detail"));
            }
            if (body.get("problems") instanceof Iterable<?> problems) {
                problems.forEach(p -> b.append("\n  - ").append(p));
            }
            return b.toString();
        }

        /** The problem document as JSON (for {@code --output json}): the body, or {@code {"status": n}} when empty. */
        Map<String, Object> problemJson() {
            Map<String, Object> problem = new LinkedHashMap<>(body);
            problem.putIfAbsent("status", status);
            return problem;
        }
    }

    /** Nothing answers at the API's address (connection refused or timed out). */
    static final class NotRunning extends IOException {
        NotRunning(AdminTarget target, Throwable cause) {
            super("nothing answers at " + target.api() + (target.local()
                    ? ": is ./hookrun local running? Start it in another terminal with ./hookrun local"
                    : ": check --api (the API's base URL, e.g. https://<id>.execute-api.<region>.amazonaws.com)"), cause);
        }
    }

    private final AdminTarget target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    AdminClient(AdminTarget target) {
        this.target = target;
    }

    AdminTarget target() {
        return target;
    }

    URI api() {
        return target.api();
    }

    /**
     * Sends {@code method pathAndQuery} with {@code body} (null: none; JSON otherwise), authorized as the target says.
     *
     * @param pathAndQuery starts with {@code /admin/}; build it with {@link #path} and {@link #query}
     */
    Answer send(String method, String pathAndQuery, byte @Nullable [] body) throws IOException, InterruptedException {
        URI uri = target.resolve(pathAndQuery);
        byte[] bytes = body == null ? new byte[0] : body;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        target.auth().authorize(request, method, uri, bytes);
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new NotRunning(target, e);
        }
        Map<String, Object> parsed = JsonOutput.objectOrEmpty(response.body());
        Optional<Integer> retryAfter = response.headers().firstValue("retry-after").flatMap(AdminClient::seconds);
        return new Answer(response.statusCode(), retryAfter, parsed, response.body());
    }

    Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, null);
    }

    /** {@code method path} with {@code json} written as the body. */
    Answer sendJson(String method, String path, Object json) throws IOException, InterruptedException {
        return send(method, path, JsonOutput.compact(json).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code POST /admin/workflows/{id}/runs[?name=]} with {@code input} as the body (null: none). */
    Answer start(String workflowId, String name, byte[] input) throws IOException, InterruptedException {
        return send("POST", path("admin", "workflows", workflowId, "runs") + query(Map.of("name", name == null ? "" : name)),
                input);
    }

    /** {@code GET /admin/runs/{runId}?frame=root}: the run, with the states of its main chain only. */
    Answer run(String runId) throws IOException, InterruptedException {
        return get(path("admin", "runs", runId) + "?frame=root");
    }

    /** {@code /a/b%20c}: each segment percent-encoded. */
    static String path(String... segments) {
        StringBuilder b = new StringBuilder();
        for (String segment : segments) {
            b.append('/').append(encode(segment));
        }
        return b.toString();
    }

    /** {@code ?a=1&b=2} of the parameters with a non-empty value, in their order; {@code ""} when none has one. */
    static String query(Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                query.add(encode(name) + "=" + encode(value));
            }
        });
        return query.toString();
    }

    /** {@code query} of name/value pairs, for parameters given in a fixed order. */
    static String query(List<String> namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.size(); i += 2) {
            parameters.put(namesAndValues.get(i), namesAndValues.get(i + 1));
        }
        return query(parameters);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Optional<Integer> seconds(String value) {
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A JSON value as one line of JSON text (null as {@code null}). */
    static String json(Object value) {
        return JsonOutput.compact(value);
    }
}

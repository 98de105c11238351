package io.hookrun.local.cli;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

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
import java.util.Map;
import java.util.Optional;

/**
 * The admin API of a running hookrun, as the CLI uses it: start a run, read a run. Answers come back as they are
 * (status, headers, JSON body); an API that does not answer at all is a {@link NotRunning}.
 */
final class AdminClient {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    /** An answer: the status, the {@code Retry-After} seconds if any, the body as JSON (an empty map when not JSON). */
    record Answer(int status, Optional<Integer> retryAfter, Map<String, Object> body) {

        String text(String field) {
            Object value = body.get(field);
            return value == null ? null : value.toString();
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
    }

    /** Nothing answers at the API's address (connection refused or timed out). */
    static final class NotRunning extends IOException {
        NotRunning(URI api, Throwable cause) {
            super("nothing answers at " + api + ": is ./hookrun local running? Start it in another terminal with"
                    + " ./hookrun local", cause);
        }
    }

    private final URI api;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    AdminClient(URI api, String token) {
        this.api = api;
        this.token = token;
    }

    URI api() {
        return api;
    }

    /** {@code POST /admin/workflows/{id}/runs[?name=]} with {@code input} as the body (null: none). */
    Answer start(String workflowId, String name, byte[] input) throws IOException, InterruptedException {
        String query = name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        HttpRequest.Builder request = request("/admin/workflows/" + URLEncoder.encode(workflowId, StandardCharsets.UTF_8)
                + "/runs" + query).header("content-type", "application/json");
        return send(request.POST(input == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(input)).build());
    }

    /** {@code GET /admin/runs/{runId}?frame=root}: the run, with the states of its main chain only. */
    Answer run(String runId) throws IOException, InterruptedException {
        return send(request("/admin/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "?frame=root").GET().build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + token).header("accept", "application/json");
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new NotRunning(api, e);
        }
        Map<String, Object> body;
        try {
            body = response.body().length == 0 ? Map.of()
                    : JSON.readValue(response.body(), Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            body = Map.of();
        }
        Optional<Integer> retryAfter = response.headers().firstValue("retry-after").flatMap(AdminClient::seconds);
        return new Answer(response.statusCode(), retryAfter, body);
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
        try {
            return new String(JSON.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }
}

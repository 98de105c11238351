package io.hookrun.local.console;

import io.hookrun.local.admin.AdminTarget;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sends the console's admin calls on to {@code <api>/admin/<path>} with the credentials of the {@link AdminTarget}
 * (a bearer token locally, SigV4 for a deployed API), so that no credential ever reaches the browser. Only the method,
 * the path below {@code /admin/}, the query, the body and its content type go through; the answer's status, content
 * type, {@code Retry-After} and body come back. A path that could leave {@code /admin/} ({@code .}, {@code ..}, an
 * encoded slash or backslash) is refused before anything is sent.
 */
final class AdminProxy {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");
    /** API Gateway's payload limit for HTTP APIs: a larger body would be refused there anyway. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** RFC 3986 pchar, percent escapes included; the query is checked the same way, with {@code /} and {@code ?}. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%-]+");
    private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*");

    /** The API's answer, as it goes back to the browser. */
    record Answer(int status, Optional<String> contentType, Optional<String> retryAfter, byte[] body) {
    }

    private final AdminTarget target;
    private final HttpClient client;
    private final Duration timeout;

    AdminProxy(AdminTarget target, HttpClient client, Duration timeout) {
        this.target = target;
        this.client = client;
        this.timeout = timeout;
    }

    /** Whether {@code path} (raw, below {@code /admin/}) stays below {@code /admin/}. */
    static boolean safePath(String path) {
        if (path.isEmpty()) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return false;
            }
            String decoded;
            try {
                decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (decoded.equals(".") || decoded.equals("..") || decoded.contains("/") || decoded.contains("\\")) {
                return false;
            }
        }
        return true;
    }

    static boolean safeQuery(String query) {
        return query == null || QUERY.matcher(query).matches();
    }

    /**
     * @param path  below {@code /admin/}, raw; checked with {@link #safePath} and {@link #safeQuery} first
     * @param query raw, or null
     * @throws IOException when the API does not answer (or the credentials cannot be had): said by the caller as 502
     */
    Answer forward(String method, String path, String query, String contentType, byte[] body)
            throws IOException, InterruptedException {
        URI uri = target.resolve("/admin/" + path + (query == null || query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null && body.length > 0) {
            request.header("content-type", contentType);
        }
        request.header("accept", "application/json, application/problem+json");
        try {
            target.auth().authorize(request, method, uri, body);
        } catch (RuntimeException e) {
            // e.g. no AWS credentials in the default chain: its message says which providers were tried, no secret
            throw new IOException("could not authorize the request with " + target.auth().describe() + ": "
                    + e.getMessage(), e);
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.headers().firstValue("content-type"),
                response.headers().firstValue("retry-after"), response.body());
    }
}

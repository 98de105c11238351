package io.hookrun.local.console;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hookrun.local.admin.AdminTarget;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything under {@code /console}: the static files, {@code config.json} and the admin proxy
 * ({@code /console/api/<path>} to {@code <api>/admin/<path>}).
 *
 * <p>The proxy holds the admin credentials, so it must only serve this machine's browser, never a web page that
 * happens to be open in it (ADR 0009, "The console"):
 * <ul>
 * <li>it listens on 127.0.0.1 only (the servers that mount this handler do);</li>
 * <li>a {@code Host} other than {@code 127.0.0.1:<port>} or {@code localhost:<port>} is refused: a DNS-rebinding page
 * reaches 127.0.0.1 under its own host name, which it cannot change
 * (https://en.wikipedia.org/wiki/DNS_rebinding, Chromium's "Private Network Access" is not enforced everywhere);</li>
 * <li>a proxy request without {@code X-Hookrun-Console: 1} is refused: a cross-site form cannot set a header, and a
 * cross-site {@code fetch} that sets one needs a CORS preflight first
 * (https://fetch.spec.whatwg.org/#cors-safelisted-request-header), which is refused without any
 * {@code Access-Control-Allow-*} header, so the browser never sends the request itself;</li>
 * <li>a request whose {@code Origin} is another site is refused too.</li>
 * </ul>
 * Every answer carries a strict Content-Security-Policy (no inline script, nothing but this origin), {@code nosniff}
 * and {@code Cache-Control: no-cache} (a console updated by a rebuild is never served stale).
 */
final class ConsoleHandler implements HttpHandler {

    static final String PREFIX = "/console";
    static final String CONSOLE_HEADER = "X-Hookrun-Console";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private final AdminTarget target;
    private final int port;
    private final AdminProxy proxy;
    private final StaticFiles files;

    ConsoleHandler(AdminTarget target, int port, AdminProxy proxy, StaticFiles files) {
        this.target = target;
        this.port = port;
        this.proxy = proxy;
        this.files = files;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers out = exchange.getResponseHeaders();
            out.set("Content-Security-Policy", CSP);
            out.set("X-Content-Type-Options", "nosniff");
            out.set("Referrer-Policy", "no-referrer");
            out.set("X-Frame-Options", "DENY");
            out.set("Cache-Control", "no-cache");
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (!loopbackHost(host)) {
                problem(exchange, 403, "Forbidden", "the console answers only at http://127.0.0.1:" + port
                        + "/console/ (the Host header was " + (host == null ? "missing" : "another name") + ")");
                return;
            }
            if (method.equals("OPTIONS")) {
                // A CORS preflight: answered without any Access-Control-Allow-* header, so the browser stops there.
                problem(exchange, 403, "Forbidden", "the console accepts no cross-origin requests");
                return;
            }
            if (!sameOriginOrNone(exchange.getRequestHeaders().getFirst("Origin"), host)) {
                problem(exchange, 403, "Forbidden", "the console accepts no cross-origin requests");
                return;
            }
            if (path.equals(PREFIX) || path.equals("/")) {
                out.set("Location", PREFIX + "/");
                exchange.sendResponseHeaders(308, -1);
                return;
            }
            if (!path.startsWith(PREFIX + "/")) {
                problem(exchange, 404, "Not Found", "nothing here: the console is at /console/");
                return;
            }
            String rest = path.substring(PREFIX.length() + 1);
            if (rest.startsWith("api/")) {
                proxy(exchange, method, rest.substring("api/".length()));
            } else if (rest.equals("config.json")) {
                if (method.equals("GET")) {
                    Map<String, Object> config = new LinkedHashMap<>();
                    config.put("api", target.api().toString());
                    config.put("local", target.local());
                    send(exchange, 200, "application/json", JSON.writeValueAsBytes(config));
                } else {
                    methodNotAllowed(exchange, method, "GET");
                }
            } else {
                file(exchange, method, rest);
            }
        }
    }

    /** {@code 127.0.0.1:<port>} or {@code localhost:<port>}; the port may be left out only when it is 80. */
    boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        for (String name : new String[] {"127.0.0.1", "localhost"}) {
            if (h.equals(name + ":" + port) || (port == 80 && h.equals(name))) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameOriginOrNone(String origin, String host) {
        return origin == null || origin.equalsIgnoreCase("http://" + host.trim());
    }

    private void proxy(HttpExchange exchange, String method, String path) throws IOException {
        if (!"1".equals(exchange.getRequestHeaders().getFirst(CONSOLE_HEADER))) {
            problem(exchange, 403, "Forbidden", "admin calls through the console need the header " + CONSOLE_HEADER
                    + ": 1 (the console's own pages send it)");
            return;
        }
        if (!AdminProxy.METHODS.contains(method)) {
            methodNotAllowed(exchange, method, "GET, POST, PUT, DELETE");
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        if (!AdminProxy.safePath(path) || !AdminProxy.safeQuery(query)) {
            problem(exchange, 400, "Bad Request", "the console proxies only paths below /admin/");
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(AdminProxy.MAX_BODY_BYTES + 1);
        if (body.length > AdminProxy.MAX_BODY_BYTES) {
            problem(exchange, 413, "Request Entity Too Large", "a body is at most 10 MB");
            return;
        }
        AdminProxy.Answer answer;
        try {
            answer = proxy.forward(method, path, query, exchange.getRequestHeaders().getFirst("Content-Type"), body);
        } catch (HttpTimeoutException e) {
            problem(exchange, 504, "Gateway Timeout", "the admin API at " + target.api() + " did not answer in time");
            return;
        } catch (IOException e) {
            problem(exchange, 502, "Bad Gateway", "the admin API at " + target.api() + " could not be called: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(exchange, 503, "Service Unavailable", "the console is stopping");
            return;
        }
        answer.retryAfter().ifPresent(value -> exchange.getResponseHeaders().set("Retry-After", value));
        send(exchange, answer.status(), answer.contentType().orElse(null), answer.body());
    }

    private void file(HttpExchange exchange, String method, String name) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            methodNotAllowed(exchange, method, "GET, HEAD");
            return;
        }
        Optional<StaticFiles.File> file = files.read(name);
        if (file.isEmpty()) {
            problem(exchange, 404, "Not Found", "the console has no file by that name");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", file.get().contentType());
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        send(exchange, 200, file.get().contentType(), file.get().bytes());
    }

    private static void methodNotAllowed(HttpExchange exchange, String method, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        problem(exchange, 405, "Method Not Allowed", method + " is not served here (" + allowed + ")");
    }

    static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://hookrun.dev/problems/console-" + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        send(exchange, status, "application/problem+json", JSON.writeValueAsBytes(problem));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        // 204 and 304 carry no body; -1 tells the server so.
        boolean empty = body.length == 0 || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        }
    }
}

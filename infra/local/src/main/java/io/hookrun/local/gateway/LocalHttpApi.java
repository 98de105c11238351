package io.hookrun.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.hookrun.local.function.FunctionHost;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP API on 127.0.0.1: each request becomes a payload format 2.0 event for the function whose
 * {@code HttpApi} route matches, and the function's response becomes the HTTP response. What API Gateway
 * answers by itself, this answers the same way: 404 without a route, 413 over 10 MB, 500 when the function
 * fails. Routes with the {@code AWS_IAM} authorizer take a bearer token instead (see {@link BearerTokenAuthorizer}).
 */
public final class LocalHttpApi implements AutoCloseable {

    /** API Gateway's payload limit for HTTP APIs. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<HttpApiRoute> routes = new ArrayList<>();
    private final BearerTokenAuthorizer authorizer;
    private final HttpApiEvents events = new HttpApiEvents(Clock.systemUTC());

    /** Serves every {@code HttpApi} route of {@code functions} on 127.0.0.1:{@code port} (0: a free port). */
    public LocalHttpApi(int port, Collection<FunctionHost> functions, BearerTokenAuthorizer authorizer) throws IOException {
        this.authorizer = authorizer;
        functions.forEach(f -> f.function().routes().forEach(r -> routes.add(HttpApiRoute.of(r, f))));
        routes.sort(HttpApiRoute.PRIORITY);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code prefix} and below with {@code handler} instead of the routes (the console: {@code /console}). */
    public void mount(String prefix, HttpHandler handler) {
        server.createContext(prefix, handler);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            for (HttpApiRoute route : routes) {
                Map<String, String> parameters = route.match(method, path);
                if (parameters != null) {
                    dispatch(exchange, route, parameters);
                    return;
                }
            }
            send(exchange, 404, "application/json", "{\"message\":\"Not Found\"}");
        }
    }

    private void dispatch(HttpExchange exchange, HttpApiRoute route, Map<String, String> parameters) throws IOException {
        if (route.route().iamAuthorized()) {
            switch (authorizer.check(exchange.getRequestHeaders().getFirst("Authorization"))) {
                case MISSING -> {
                    exchange.getResponseHeaders().add("www-authenticate", "Bearer");
                    send(exchange, 401, "application/problem+json", Problems.json(401, "Unauthorized",
                            "this route is IAM-authorized on AWS; locally send Authorization: Bearer <admin token printed at start>"));
                    return;
                }
                case WRONG -> {
                    send(exchange, 403, "application/problem+json", Problems.json(403, "Forbidden",
                            "the bearer token is not the admin token (HOOKRUN_ADMIN_TOKEN, or the one printed at start)"));
                    return;
                }
                case ALLOW -> { }
            }
        }
        String declaredLength = exchange.getRequestHeaders().getFirst("Content-Length");
        byte[] body = declaredLength != null && parseLong(declaredLength) > MAX_BODY_BYTES
                ? new byte[MAX_BODY_BYTES + 1] : exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            send(exchange, 413, "application/json", "{\"message\":\"Request Entity Too Large\"}");
            return;
        }
        HttpApiRequest request = new HttpApiRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getProtocol(),
                exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getRequestHeaders(), body);
        APIGatewayV2HTTPResponse response;
        try {
            response = route.function().invoke(events.toEvent(request, route.routeKey(), parameters), APIGatewayV2HTTPResponse.class);
        } catch (RuntimeException e) {
            System.err.println("[" + route.function().logicalId() + "] " + route.routeKey() + " failed: " + e);
            send(exchange, 500, "application/json", "{\"message\":\"Internal Server Error\"}");
            return;
        }
        write(exchange, response);
    }

    private static void write(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, values) -> values.forEach(v -> exchange.getResponseHeaders().add(k, v)));
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(c -> exchange.getResponseHeaders().add("set-cookie", c));
        }
        byte[] bytes = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        int status = response.getStatusCode() == 0 ? 200 : response.getStatusCode();
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package io.hookrun.local.console;

import com.sun.net.httpserver.HttpServer;
import io.hookrun.local.admin.AdminTarget;
import io.hookrun.local.admin.BearerTokenAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console server against a small HTTP server standing in for the admin API: static files with their types and
 * security headers, nothing outside {@code console/}, the proxy's refusals (foreign {@code Host}, missing
 * {@code X-Hookrun-Console}, CORS preflight, another origin, paths leaving {@code /admin/}), and what it forwards
 * (the bearer token added, method, query, body and content type through; status, type and body back).
 */
class ConsoleServerTest {

    private static final String TOKEN = "console-test-token";

    /** One request the stand-in API received. */
    record Seen(String method, String uri, Map<String, List<String>> headers, String body) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer api;
    private ConsoleServer console;
    private int port;

    @BeforeEach
    void start() throws IOException {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            byte[] answer = exchange.getRequestURI().getPath().endsWith("/missing")
                    ? "{\"title\":\"Unknown run\",\"status\":404}".getBytes(StandardCharsets.UTF_8)
                    : "{\"items\":[],\"echo\":true}".getBytes(StandardCharsets.UTF_8);
            boolean missing = exchange.getRequestURI().getPath().endsWith("/missing");
            exchange.getResponseHeaders().set("Content-Type", missing ? "application/problem+json" : "application/json");
            exchange.getResponseHeaders().set("Retry-After", "7");
            exchange.getResponseHeaders().set("Set-Cookie", "api=1");
            exchange.sendResponseHeaders(missing ? 404 : 202, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        api.start();
        URI apiUri = URI.create("http://127.0.0.1:" + api.getAddress().getPort());
        console = ConsoleServer.start(0, new AdminTarget(apiUri, new BearerTokenAuth(TOKEN), true));
        port = console.uri().getPort();
    }

    @AfterEach
    void stop() {
        console.close();
        api.stop(0);
    }

    private RawHttp.Response get(String target) throws IOException {
        return RawHttp.send(port, "GET", target, Map.of("Host", "127.0.0.1:" + port), null);
    }

    private RawHttp.Response proxy(String method, String target, String body) throws IOException {
        return RawHttp.send(port, method, target, Map.of("Host", "127.0.0.1:" + port, "X-Hookrun-Console", "1",
                "Content-Type", "application/json"), body);
    }

    @Test
    void theConsoleRoot_servesIndexHtml_withAStrictPolicyNosniffAndNoCache() throws IOException {
        RawHttp.Response index = get("/console/");

        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\"></script>").doesNotContain("<script>");
        assertThat(index.header("content-security-policy")).contains("default-src 'self'", "script-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(index.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(index.header("cache-control")).isEqualTo("no-cache");
    }

    @Test
    void eachFileType_isServedWithItsContentType() throws IOException {
        assertThat(get("/console/app.js").header("content-type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(get("/console/views/run.js").header("content-type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(get("/console/console.css").header("content-type")).isEqualTo("text/css; charset=utf-8");
        assertThat(get("/console/favicon.svg").header("content-type")).isEqualTo("image/svg+xml");
        assertThat(get("/console/app.js").body()).contains("import");
    }

    @Test
    void withoutTheTrailingSlash_itRedirectsToTheConsole() throws IOException {
        RawHttp.Response bare = get("/console");

        assertThat(bare.status()).isEqualTo(308);
        assertThat(bare.header("location")).isEqualTo("/console/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/../pom.xml", "/console/%2e%2e/pom.xml", "/console/views/../../pom.xml",
            "/console/views/", "/console/views", "/console/..%2fpom.xml", "/console/io/hookrun/local/console/ConsoleServer.class",
            "/console/nothing.js", "/console/%2fetc%2fpasswd", "/console/.hidden.js", "/console/APP.JS"})
    void namesOutsideTheConsoleFiles_areNotFound_andNothingIsListed(String target) throws IOException {
        RawHttp.Response response = get(target);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("content-type")).isEqualTo("application/problem+json");
        assertThat(response.body()).doesNotContain("<project", "app.js", "root:");
    }

    @Test
    void configJson_namesTheApiAndWhetherItIsLocal() throws IOException {
        RawHttp.Response config = get("/console/config.json");

        assertThat(config.status()).isEqualTo(200);
        assertThat(config.header("content-type")).isEqualTo("application/json");
        assertThat(config.body()).isEqualTo("{\"api\":\"http://127.0.0.1:" + api.getAddress().getPort() + "\",\"local\":true}");
        assertThat(config.body()).doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example:%d", "attacker.test", "127.0.0.1:1", "127.0.0.1", "localhost.evil.test:%d", "127.0.0.2:%d"})
    void aHostOtherThanTheLoopbackAddressItServes_isRefused(String host) throws IOException {
        String value = host.formatted(port);
        RawHttp.Response page = RawHttp.send(port, "GET", "/console/", Map.of("Host", value), null);
        RawHttp.Response call = RawHttp.send(port, "GET", "/console/api/runs",
                Map.of("Host", value, "X-Hookrun-Console", "1"), null);

        assertThat(page.status()).isEqualTo(403);
        assertThat(page.header("content-type")).isEqualTo("application/problem+json");
        assertThat(call.status()).isEqualTo(403);
        assertThat(seen).isEmpty();
    }

    @Test
    void localhostWithThePort_isTheSameConsole() throws IOException {
        RawHttp.Response page = RawHttp.send(port, "GET", "/console/", Map.of("Host", "localhost:" + port), null);

        assertThat(page.status()).isEqualTo(200);
    }

    @Test
    void aProxyCallWithoutTheConsoleHeader_isRefused_andNothingReachesTheApi() throws IOException {
        RawHttp.Response plain = RawHttp.send(port, "POST", "/console/api/runs/x/cancel",
                Map.of("Host", "127.0.0.1:" + port, "Content-Type", "text/plain"), "x");
        RawHttp.Response wrong = RawHttp.send(port, "GET", "/console/api/runs",
                Map.of("Host", "127.0.0.1:" + port, "X-Hookrun-Console", "yes"), null);

        assertThat(plain.status()).isEqualTo(403);
        assertThat(plain.body()).contains("X-Hookrun-Console: 1");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(seen).isEmpty();
    }

    @Test
    void aCorsPreflight_isRefused_withoutAnyAllowHeader() throws IOException {
        RawHttp.Response preflight = RawHttp.send(port, "OPTIONS", "/console/api/runs/x/cancel", Map.of(
                "Host", "127.0.0.1:" + port, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "x-hookrun-console"), null);

        // the same preflight naming the console's own origin: refused by the OPTIONS rule itself, not the origin check
        RawHttp.Response sameOrigin = RawHttp.send(port, "OPTIONS", "/console/api/runs/x/cancel", Map.of(
                "Host", "127.0.0.1:" + port, "Origin", "http://127.0.0.1:" + port,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "x-hookrun-console"), null);

        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.headers().keySet()).noneMatch(name -> name.startsWith("access-control-"));
        assertThat(sameOrigin.status()).isEqualTo(403);
        assertThat(sameOrigin.headers().keySet()).noneMatch(name -> name.startsWith("access-control-"));
        assertThat(seen).isEmpty();
    }

    @Test
    void aRequestFromAnotherOrigin_isRefused_evenWithTheHeader() throws IOException {
        RawHttp.Response call = RawHttp.send(port, "POST", "/console/api/dead-letters/redrive", Map.of(
                "Host", "127.0.0.1:" + port, "Origin", "https://evil.example", "X-Hookrun-Console", "1"), "");

        assertThat(call.status()).isEqualTo(403);
        assertThat(call.headers().keySet()).noneMatch(name -> name.startsWith("access-control-"));
        assertThat(seen).isEmpty();
    }

    @Test
    void theProxy_addsTheBearerToken_andPassesMethodQueryBodyAndContentType() throws IOException {
        RawHttp.Response answer = RawHttp.send(port, "PUT", "/console/api/workflows/flow-1?dryRun=true&x=a%20b", Map.of(
                "Host", "127.0.0.1:" + port, "X-Hookrun-Console", "1", "Content-Type", "application/json",
                "Origin", "http://127.0.0.1:" + port, "Authorization", "Bearer from-the-browser",
                "Cookie", "session=1"), "{\"StartAt\":\"A\"}");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.header("content-type")).isEqualTo("application/json");
        assertThat(answer.header("retry-after")).isEqualTo("7");
        assertThat(answer.header("set-cookie")).isNull();
        assertThat(answer.body()).isEqualTo("{\"items\":[],\"echo\":true}");
        assertThat(answer.header("content-security-policy")).contains("default-src 'self'");
        assertThat(seen).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.uri()).isEqualTo("/admin/workflows/flow-1?dryRun=true&x=a%20b");
            assertThat(request.body()).isEqualTo("{\"StartAt\":\"A\"}");
            assertThat(request.headers().get("Authorization")).containsExactly("Bearer " + TOKEN);
            assertThat(request.headers().get("Content-type")).containsExactly("application/json");
            assertThat(request.headers()).doesNotContainKeys("Cookie", "X-hookrun-console", "Origin");
        });
    }

    @Test
    void theApisProblem_comesBackAsItIs() throws IOException {
        RawHttp.Response answer = proxy("GET", "/console/api/runs/missing", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
        assertThat(answer.body()).isEqualTo("{\"title\":\"Unknown run\",\"status\":404}");
        assertThat(seen).singleElement().extracting(Seen::method).isEqualTo("GET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/api/../hooks/orders", "/console/api/%2e%2e/hooks/orders",
            "/console/api/runs/%2E%2E/%2E%2E/hooks/x", "/console/api/runs%2f..%2f..%2fhooks", "/console/api/",
            "/console/api/runs//x", "/console/api/runs/./x", "/console/api/runs%5c..%5chooks"})
    void aProxyPathThatCouldLeaveAdmin_isRefused_beforeAnythingIsSent(String target) throws IOException {
        RawHttp.Response answer = proxy("GET", target, null);

        assertThat(answer.status()).isIn(400, 404);
        assertThat(seen).isEmpty();
    }

    @Test
    void aMethodTheAdminApiDoesNotUse_isRefused() throws IOException {
        RawHttp.Response trace = proxy("TRACE", "/console/api/runs", null);
        RawHttp.Response post = RawHttp.send(port, "POST", "/console/app.js", Map.of("Host", "127.0.0.1:" + port), "");

        assertThat(trace.status()).isEqualTo(405);
        assertThat(post.status()).isEqualTo(405);
        assertThat(seen).isEmpty();
    }

    @Test
    void anApiThatDoesNotAnswer_isA502Problem_withoutTheToken() throws IOException {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        try (ConsoleServer orphan = ConsoleServer.start(0, new AdminTarget(URI.create("http://127.0.0.1:" + closed),
                new BearerTokenAuth(TOKEN), true))) {
            int orphanPort = orphan.uri().getPort();
            RawHttp.Response answer = RawHttp.send(orphanPort, "GET", "/console/api/runs",
                    Map.of("Host", "127.0.0.1:" + orphanPort, "X-Hookrun-Console", "1"), null);

            assertThat(answer.status()).isEqualTo(502);
            assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
            assertThat(answer.body()).contains("could not be called").doesNotContain(TOKEN);
        }
    }

    @Test
    void theServer_listensOnLoopbackOnly_notOnTheMachinesOtherAddresses() throws IOException {
        List<java.net.InetAddress> others = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())
                .stream().flatMap(NetworkInterface -> NetworkInterface.inetAddresses())
                .filter(address -> !address.isLoopbackAddress() && address instanceof java.net.Inet4Address).toList();
        org.junit.jupiter.api.Assumptions.assumeFalse(others.isEmpty(), "this machine has no address but loopback");

        for (java.net.InetAddress address : others) {
            try (java.net.Socket socket = new java.net.Socket()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, port), 2000))
                        .isInstanceOf(IOException.class);
            }
        }
        assertThat(console.uri()).hasHost("127.0.0.1").hasPath("/console/");
    }
}

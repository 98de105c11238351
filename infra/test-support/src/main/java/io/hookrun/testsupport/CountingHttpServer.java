package io.hookrun.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A downstream that counts: a real HTTP server on 127.0.0.1 that records every request a workflow's Task makes (its
 * path, {@code Idempotency-Key}, {@code Hookrun-Attempt}, arrival time and body) and answers each path with a scripted
 * status per call number ({@code 503, 503, 200}: the first two calls of that path fail, the third and later succeed).
 * A path without a script answers 200. Every answer is JSON {@code {"path": ..., "call": n}}.
 *
 * <p>It is what a downstream author would check hookrun against: how many requests arrived per idempotency key, with
 * which attempt numbers, and how far apart.
 */
public final class CountingHttpServer implements AutoCloseable {

    /**
     * One request as it arrived.
     *
     * @param call           its number among the requests to its path (1 for the first)
     * @param idempotencyKey the {@code Idempotency-Key} header, or null
     * @param attempt        the {@code Hookrun-Attempt} header, or null
     * @param arrivedAt      wall-clock arrival, for messages
     * @param arrivalNanos   {@link System#nanoTime()} at arrival, for measuring gaps
     */
    public record Request(String path, String method, int call, String idempotencyKey, String attempt,
                          Instant arrivedAt, long arrivalNanos, String body) { }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, int[]> scripts = new ConcurrentHashMap<>();
    private final Map<String, Integer> callsPerPath = new LinkedHashMap<>();

    private CountingHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static CountingHttpServer start() throws IOException {
        return new CountingHttpServer();
    }

    /** Answers the calls to {@code path} with these statuses, by call number; the last one repeats. */
    public CountingHttpServer script(String path, int... statuses) {
        if (statuses.length == 0) {
            throw new IllegalArgumentException("a script needs at least one status");
        }
        scripts.put(path, statuses.clone());
        return this;
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests to {@code path}, in arrival order. */
    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** How many requests carried each {@code Idempotency-Key} (null keys are left out), in first-arrival order. */
    public Map<String, Integer> countsByKey() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Request r : requests) {
            if (r.idempotencyKey() != null) {
                counts.merge(r.idempotencyKey(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The time between consecutive requests to {@code path}, measured on the monotonic clock. */
    public List<Duration> gaps(String path) {
        List<Request> calls = requests(path);
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < calls.size(); i++) {
            gaps.add(Duration.ofNanos(calls.get(i).arrivalNanos() - calls.get(i - 1).arrivalNanos()));
        }
        return gaps;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            long nanos = System.nanoTime();
            Instant now = Instant.now();
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            int call;
            synchronized (callsPerPath) {
                call = callsPerPath.merge(path, 1, Integer::sum);
            }
            requests.add(new Request(path, exchange.getRequestMethod(), call,
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("Hookrun-Attempt"), now, nanos, body));
            int[] script = scripts.get(path);
            int status = script == null ? 200 : script[Math.min(call, script.length) - 1];
            byte[] answer = ("{\"path\": \"" + path.replace("\"", "") + "\", \"call\": " + call + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}

package io.hookrun.local.console;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.hookrun.local.admin.AdminTarget;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The run console (ADR 0009): plain HTML, CSS and ES modules from {@code console/} on the class path, served under
 * {@code /console/} with {@code config.json} and an admin proxy that adds the credentials ({@link ConsoleHandler}).
 * {@code hookrun local} mounts {@link #handler} on its HTTP API's port; {@code hookrun console} runs it alone with
 * {@link #start}, on 127.0.0.1 only.
 */
public final class ConsoleServer implements AutoCloseable {

    /** Where the console lives on a server: {@code /console/}. */
    public static final String PREFIX = ConsoleHandler.PREFIX;

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** API Gateway's own limit for an HTTP API integration is 30 s: an admin answer never takes longer. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(35);

    private final HttpServer server;
    private final ExecutorService executor;

    private ConsoleServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * The handler of {@code /console} for a server listening on 127.0.0.1:{@code port}.
     *
     * @param target the admin API the console shows, and its credentials
     * @param port   the port the server listens on: only requests with {@code Host: 127.0.0.1:<port>} (or
     *               {@code localhost:<port>}) are answered
     */
    public static HttpHandler handler(AdminTarget target, int port) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new ConsoleHandler(target, port, new AdminProxy(target, client, REQUEST_TIMEOUT), new StaticFiles("console"));
    }

    /** Serves the console alone on 127.0.0.1:{@code port} (0: a free port). */
    public static ConsoleServer start(int port, AdminTarget target) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", handler(target, server.getAddress().getPort()));
        server.start();
        return new ConsoleServer(server, executor);
    }

    /** {@code http://127.0.0.1:<port>/console/} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PREFIX + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

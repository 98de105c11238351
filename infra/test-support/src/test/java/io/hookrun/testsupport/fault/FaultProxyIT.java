package io.hookrun.testsupport.fault;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy breaks real connections: clients get the I/O errors a dead service gives, not a mock's. */
class FaultProxyIT {

    private HttpServer target;
    private final AtomicInteger targetRequests = new AtomicInteger();
    private FaultProxy proxy;
    private HttpClient client;

    @BeforeEach
    void start() throws IOException {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        target.createContext("/", exchange -> {
            targetRequests.incrementAndGet();
            byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        proxy = new FaultProxy(URI.create("http://127.0.0.1:" + target.getAddress().getPort()));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // keeps connections alive, as SDK clients do
    }

    @AfterEach
    void stop() {
        proxy.close();
        target.stop(0);
        client.close();
    }

    /** A POST, which the JDK client never retries by itself, so one call is one attempt. */
    private String get() throws Exception {
        return client.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/ping")).POST(HttpRequest.BodyPublishers.ofString("ping")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void passMode_forwardsRequests() throws Exception {
        assertThat(get()).isEqualTo("pong");
        assertThat(get()).isEqualTo("pong");
    }

    @Test
    void resetMode_breaksNewConnections_andConnectionsAlreadyOpen() throws Exception {
        assertThat(get()).isEqualTo("pong"); // a pooled, kept-alive connection now exists

        proxy.setMode(FaultProxy.Mode.RESET);

        assertThatThrownBy(this::get).isInstanceOf(IOException.class);
        assertThatThrownBy(this::get).isInstanceOf(IOException.class);
        proxy.setMode(FaultProxy.Mode.PASS);
        assertThat(get()).isEqualTo("pong");
    }

    @Test
    void failNext_failsExactlyThatManyAttempts_thenPasses() throws Exception {
        proxy.failNext(2);

        assertThatThrownBy(() -> exchangeOnNewConnection()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> exchangeOnNewConnection()).isInstanceOf(IOException.class);
        assertThat(proxy.failuresLeft()).isZero();
        assertThat(exchangeOnNewConnection()).isEqualTo("pong");
    }

    @Test
    void failNext_hitsTheNextRequestOnAKeptAliveConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.endpoint().getPort())) {
            assertThat(exchange(socket)).isEqualTo("pong");

            proxy.failNext(1);

            assertThatThrownBy(() -> exchange(socket)).isInstanceOf(IOException.class);
        }
        assertThat(exchangeOnNewConnection()).isEqualTo("pong");
    }

    // A raw HTTP/1.1 client: one call is exactly one attempt (the JDK client may retry a reset by itself).

    private String exchangeOnNewConnection() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.endpoint().getPort())) {
            return exchange(socket);
        }
    }

    private static void send(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("POST /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n\r\nping".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String exchange(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        send(socket);
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed before a response");
            }
            head.append((char) b);
        }
        int length = Integer.parseInt(head.toString().replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void blackHole_acceptsTheConnection_butNeverAnswersNorForwards() throws Exception {
        proxy.setMode(FaultProxy.Mode.BLACK_HOLE);

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", proxy.endpoint().getPort()), 1_000); // accepted
            socket.setSoTimeout(500);
            send(socket);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(targetRequests).hasValue(0);
        assertThat(proxy.blackHoled()).isEqualTo(1);
    }

    @Test
    void blackHole_swallowsTheNextRequestOnAKeptAliveConnection_andNewConnectionsPassOnceHealed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.endpoint().getPort())) {
            assertThat(exchange(socket)).isEqualTo("pong");

            proxy.setMode(FaultProxy.Mode.BLACK_HOLE);

            socket.setSoTimeout(500);
            send(socket);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(targetRequests).hasValue(1);
        assertThat(proxy.blackHoled()).isEqualTo(1);

        proxy.setMode(FaultProxy.Mode.PASS);

        assertThat(exchangeOnNewConnection()).isEqualTo("pong");
    }

    @Test
    void blackHole_leavesAClientWithoutItsOwnTimeoutWaiting_untilItsRequestTimeoutFires() {
        proxy.setMode(FaultProxy.Mode.BLACK_HOLE);
        HttpRequest request = HttpRequest.newBuilder(proxy.endpoint().resolve("/ping")).timeout(Duration.ofMillis(500))
                .POST(HttpRequest.BodyPublishers.ofString("ping")).build();

        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(targetRequests).hasValue(0);
    }

    @Test
    void refuseMode_stopsListening_soConnectingIsRefused_untilItPassesAgain() throws Exception {
        proxy.setMode(FaultProxy.Mode.REFUSE);

        assertThatThrownBy(this::get).isInstanceOf(ConnectException.class);
        proxy.setMode(FaultProxy.Mode.PASS);
        assertThat(get()).isEqualTo("pong");
    }
}

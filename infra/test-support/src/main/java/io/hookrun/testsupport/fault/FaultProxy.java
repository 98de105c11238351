package io.hookrun.testsupport.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a local service, for fault injection with real network failures
 * rather than mocks: the client under test (an SDK client inside a function) sees exactly what it would see
 * when the service goes away.
 *
 * <p>Faults apply to new connections <em>and</em> to data sent on connections already open: SDK clients keep
 * connections alive in a pool, so a proxy that only refused new connections would never be noticed by a
 * warm client. A "fault" therefore hits the next request whichever connection carries it.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does with traffic. */
    public enum Mode {
        /** Forward everything. */
        PASS,
        /** Reset (TCP RST) every new connection and every open connection as soon as the client sends. */
        RESET,
        /** Stop listening, so connecting is refused; open connections are reset. */
        REFUSE,
        /**
         * Accept connections and swallow what clients send, never forwarding it and never answering: an endpoint
         * that hangs (a stalled load balancer, a network path that drops packets after the handshake). Only the
         * client's own timeouts get it out. Connections already open swallow their next request too.
         */
        BLACK_HOLE
    }

    private final InetSocketAddress target;
    private final int port;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger blackHoled = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile ServerSocket server;
    private volatile boolean closed;

    /** Listens on a free loopback port and forwards to {@code target}'s host and port. */
    public FaultProxy(URI target) {
        this(target, 0);
    }

    /** Listens on {@code port} (0: a free one) of 127.0.0.1 and forwards to {@code target}'s host and port. */
    public FaultProxy(URI target, int port) {
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
        this.server = listen(port);
        this.port = server.getLocalPort();
    }

    /** The proxy's address, to give the client under test instead of the target's. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Switches the mode; {@code RESET} and {@code REFUSE} also break connections already open. Connections
     * swallowed by {@code BLACK_HOLE} stay swallowed after it, until their client closes them, as a hung
     * connection does once the network heals: only new connections see the change.
     */
    public synchronized void setMode(Mode next) {
        mode = next;
        if (next == Mode.REFUSE) {
            closeQuietly(server);
            resetAll();
        } else if (server.isClosed() && !closed) {
            server = listen(port);
        }
    }

    /**
     * Resets the next {@code n} client attempts (a new connection or a request on an open one), then behaves
     * as its mode says again. SDK retries count as attempts: {@code failNext(1)} fails one try, not one call.
     */
    public void failNext(int n) {
        failuresLeft.set(n);
    }

    /** Attempts {@link #failNext(int)} still has to fail. */
    public int failuresLeft() {
        return failuresLeft.get();
    }

    /**
     * Connections that went into the {@link Mode#BLACK_HOLE} so far: new ones it accepted, and open ones whose next
     * request it swallowed. Proof that a client really waited on the hole rather than failing some other way.
     */
    public int blackHoled() {
        return blackHoled.get();
    }

    private ServerSocket listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
            Thread.ofVirtual().name("fault-proxy-" + socket.getLocalPort()).start(() -> accept(socket));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("fault proxy cannot listen on 127.0.0.1:" + onPort, e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                if (shouldReset()) {
                    reset(client);
                    continue;
                }
                if (mode == Mode.BLACK_HOLE) {
                    open.add(client);
                    Thread.ofVirtual().start(() -> swallow(client));
                    continue;
                }
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream, true));
                Thread.ofVirtual().start(() -> pipe(upstream, client, false));
            } catch (IOException e) {
                // closed, or the target is down: the client's connection is dropped either way
            }
        }
    }

    /** Consumes one {@link #failNext} failure if any is left; otherwise the mode decides. */
    private boolean shouldReset() {
        return failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || mode == Mode.RESET || mode == Mode.REFUSE;
    }

    /** Reads and drops everything the client sends until it gives up (closes) or the proxy closes. */
    private void swallow(Socket client) {
        blackHoled.incrementAndGet();
        try (InputStream in = client.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the client gave up, or the proxy closed
        } finally {
            open.remove(client);
            closeQuietly(client);
        }
    }

    private void pipe(Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            boolean swallowing = false;
            while ((read = in.read(buffer)) >= 0) {
                if (fromClient && shouldReset()) {
                    reset(from);
                    reset(to);
                    return;
                }
                if (fromClient && (swallowing || mode == Mode.BLACK_HOLE)) {
                    // Once a request went into the hole, the rest of this connection follows it: forwarding a
                    // later request would pair its answer with the swallowed one.
                    if (!swallowing) {
                        blackHoled.incrementAndGet();
                    }
                    swallowing = true;
                    continue;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side closed or was reset
        } finally {
            open.remove(from);
            open.remove(to);
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void resetAll() {
        open.forEach(FaultProxy::reset);
        open.clear();
    }

    /** Closes with SO_LINGER 0, so the peer gets a TCP RST ("connection reset"), not an orderly FIN. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(server);
        resetAll();
    }
}

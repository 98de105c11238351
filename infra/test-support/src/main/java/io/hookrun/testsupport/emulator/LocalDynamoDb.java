package io.hookrun.testsupport.emulator;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import java.net.InetAddress;
import java.net.URI;

/**
 * DynamoDB Local, in-process and in-memory, listening on 127.0.0.1 only: a real DynamoDB API (conditional
 * writes, TTL settings, errors as the service words them) for the functions, where a hand-written fake would
 * only agree with our own assumptions.
 *
 * <p>Why not {@code ServerRunner.createServerFromCommandLineArgs("-inMemory", ...)}: the server it builds binds
 * every interface, and it has no option to choose one. The table holds trigger secrets, so anyone on the
 * developer's network could read them. This class builds the same two handlers that {@code ServerRunner} builds
 * for {@code -inMemory} (no {@code -dbPath}, {@code -sharedDb}, {@code -delayTransientStatuses} or {@code -cors};
 * telemetry is never configured on this path) and mounts them on a Jetty server whose only connector is bound to
 * the loopback address.
 */
public final class LocalDynamoDb implements AutoCloseable {

    private final Server jetty;
    private final ServerConnector connector;
    private final LocalDynamoDBServerHandler handler;

    private LocalDynamoDb(Server jetty, ServerConnector connector, LocalDynamoDBServerHandler handler) {
        this.jetty = jetty;
        this.connector = connector;
        this.handler = handler;
    }

    /** Starts on a free port. */
    public static LocalDynamoDb start() {
        return start(0);
    }

    /** Starts on {@code port} of 127.0.0.1, or on a free one when it is 0. */
    public static LocalDynamoDb start(int port) {
        // Arguments as ServerRunner passes them for -inMemory: no transient-status delay, in memory, no db path,
        // not shared across access keys, no optimised-for-speed storage.
        LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, true, null, false, false);
        LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(requests, null); // null: no CORS
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        jetty.addConnector(connector);
        ContextHandler context = new ContextHandler();
        context.setHandler(handler);
        jetty.setHandler(new ContextHandlerCollection(context));
        try {
            jetty.start();
            return new LocalDynamoDb(jetty, connector, handler);
        } catch (Exception e) {
            stop(jetty, handler);
            throw new IllegalStateException("DynamoDB Local did not start on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://" + host() + ":" + connector.getLocalPort());
    }

    /** The one address it listens on. */
    public String host() {
        return connector.getHost();
    }

    @Override
    public void close() {
        stop(jetty, handler);
    }

    /** What {@code DynamoDBProxyServer.stop()} does: stop Jetty, then shut the request handler's storage down. */
    private static void stop(Server jetty, LocalDynamoDBServerHandler handler) {
        try {
            jetty.stop();
        } catch (Exception e) {
            // stopping anyway
        }
        try {
            handler.close();
        } catch (Exception e) {
            // stopping anyway
        }
    }
}

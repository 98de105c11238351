package io.hookrun.testsupport.emulator;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DynamoDB Local, in-process, in memory ({@link #start()}) or in a directory ({@link #onDisk(Path)}), listening on
 * 127.0.0.1 only: a real DynamoDB API (conditional writes, TTL settings, errors as the service words them) for the
 * functions, where a hand-written fake would only agree with our own assumptions.
 *
 * <p>Why not {@code ServerRunner.createServerFromCommandLineArgs("-inMemory", ...)}: the server it builds binds
 * every interface, and it has no option to choose one. The table holds trigger secrets, so anyone on the
 * developer's network could read them. This class builds the same two handlers that {@code ServerRunner} builds
 * for {@code -inMemory} (no {@code -dbPath}, {@code -sharedDb}, {@code -delayTransientStatuses} or {@code -cors};
 * telemetry is never configured on this path) and mounts them on a Jetty server whose only connector is bound to
 * the loopback address.
 *
 * <p>On disk it is what {@code -dbPath <dir> -sharedDb} builds: one SQLite file, {@code shared-local-instance.db},
 * whatever access key and region a client signs with. Without {@code -sharedDb} DynamoDB Local keeps one file per
 * access key and region ("Usage notes", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html),
 * so a tool signing with other credentials than the functions would see an empty database.
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
        // Arguments as ServerRunner.createServer passes them for -inMemory: 0, in memory, no db path, not
        // shared across access keys, no delay of transient table statuses.
        return start(port, () -> new LocalDynamoDBRequestHandler(0, true, null, false, false));
    }

    /**
     * Starts on a free port of 127.0.0.1 with its tables in {@code directory} (created when missing), shared by every
     * access key and region: what was written before a {@link #close()} is there at the next start on it.
     */
    public static LocalDynamoDb onDisk(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        // As ServerRunner.createServer passes them for -dbPath <directory> -sharedDb.
        String dbPath = directory.toAbsolutePath().toString();
        return start(0, () -> new LocalDynamoDBRequestHandler(0, false, dbPath, true, false));
    }

    /** The request handler's constructor may throw DynamoDB Local's checked service exception. */
    private interface RequestHandlerFactory {
        LocalDynamoDBRequestHandler create() throws Exception;
    }

    private static LocalDynamoDb start(int port, RequestHandlerFactory factory) {
        LocalDynamoDBRequestHandler requests;
        try {
            requests = factory.create();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local could not open its storage: " + e.getMessage(), e);
        }
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

    /**
     * What {@code DynamoDBProxyServer.stop()} does: stop Jetty, then shut the request handler's storage down (on disk:
     * SQLite closes the database file; each write was already committed to it).
     */
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

package io.hookrun.testsupport.emulator;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.net.URI;

/**
 * DynamoDB Local, in-process and in-memory: a real DynamoDB API (conditional writes, TTL settings, errors
 * as the service words them) for the functions, where a hand-written fake would only agree with our
 * own assumptions.
 */
public final class LocalDynamoDb implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final int port;

    private LocalDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts on a free port. */
    public static LocalDynamoDb start() {
        return start(0);
    }

    /** Starts on {@code port}, or on a free one when it is 0. */
    public static LocalDynamoDb start(int chosenPort) {
        int port = chosenPort == 0 ? FreePorts.find() : chosenPort;
        java.io.PrintStream stdout = System.out;
        // DynamoDB Local prints its settings to stdout: drop them, stdout is for hookrun's own output (invoke prints JSON).
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[]{"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
            server.start();
            return new LocalDynamoDb(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port + ": " + e.getMessage(), e);
        } finally {
            System.setOut(stdout);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping anyway
        }
    }
}

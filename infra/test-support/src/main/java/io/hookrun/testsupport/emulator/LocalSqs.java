package io.hookrun.testsupport.emulator;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import java.net.URI;

/**
 * ElasticMQ, in-process, on a loopback port: a real SQS API with visibility timeouts and redrive to
 * dead-letter queues after maxReceiveCount.
 */
public final class LocalSqs implements AutoCloseable {

    private final SQSRestServer server;
    private final int port;

    private LocalSqs(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts on a free port. */
    public static LocalSqs start() {
        return start(0);
    }

    /**
     * Starts on {@code port} of 127.0.0.1, or on a free one when it is 0. The port is chosen before start so
     * that queue URLs ElasticMQ hands out name the port clients actually use.
     */
    public static LocalSqs start(int chosenPort) {
        int port = chosenPort == 0 ? FreePorts.find() : chosenPort;
        SQSRestServer server = SQSRestServerBuilder.withPort(port).withInterface("127.0.0.1")
                .withServerAddress(new org.elasticmq.NodeAddress("http", "127.0.0.1", port, "")).start();
        server.waitUntilStarted();
        return new LocalSqs(server, port);
    }

    /** The endpoint for SDK clients (ElasticMQ names queue ARNs {@code arn:aws:sqs:elasticmq:000000000000:<name>}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}

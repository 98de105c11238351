package io.hookrun.local.emulator;

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

    public static LocalSqs start() {
        int port = FreePorts.find();
        SQSRestServer server = SQSRestServerBuilder.withPort(port).withInterface("127.0.0.1")
                .withServerAddress(new org.elasticmq.NodeAddress("http", "127.0.0.1", port, "")).start();
        server.waitUntilStarted();
        return new LocalSqs(server, port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}

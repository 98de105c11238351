package io.hookrun.testsupport.emulator;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scalikejdbc.ConnectionPool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * ElasticMQ, in-process, on a loopback port: a real SQS API with visibility timeouts and redrive to
 * dead-letter queues after maxReceiveCount. In memory ({@link #start()}), or keeping its queues and messages in an H2
 * database in a directory ({@link #persistent(Path)}).
 *
 * <p>Persistence is ElasticMQ's own {@code elasticmq-persistence-sql} ({@code messages-storage} in ElasticMQ's
 * configuration), wired as {@code org.elasticmq.server.ElasticMQServer} wires it: a {@code SqlQueuePersistenceActor}
 * is the queue manager's event listener, and the queues it stored are restored before the REST server starts. Unlike
 * {@code ElasticMQServer}, which starts listening while the restore is still under way, this class waits for the
 * restore to finish first, so a client's first {@code CreateQueue} never races a queue being restored.
 *
 * <p>What it keeps (see {@code QueueRepository} and {@code MessageRepository} in ElasticMQ 1.7.1): each queue's name,
 * default visibility timeout, delay, receive wait, redrive policy (dead-letter queue and maxReceiveCount) and tags;
 * each message's body, attributes, next delivery time (so a delay or an in-flight message's visibility deadline
 * survives), receive count, first receive time and receipt handles. What it does not keep: a queue's
 * {@code MaximumMessageSize} and {@code MessageRetentionPeriod} (a client re-applies them), and FIFO state (messages
 * come back as standard-queue messages). Every change is written before ElasticMQ answers the request that made it
 * (the queue actor waits for the listener's acknowledgement).
 */
public final class LocalSqs implements AutoCloseable {

    /** H2 file name (H2 adds {@code .mv.db}). */
    static final String DATABASE = "elasticmq";

    /**
     * ElasticMQ's SQL store opens one connection pool for the whole JVM (scalikejdbc's default pool, set once by its
     * {@code DB} object), so only one persistent ElasticMQ can be open at a time in a process.
     */
    private static final AtomicBoolean PERSISTENT_OPEN = new AtomicBoolean();

    private final SQSRestServer server;
    private final int port;
    private final ActorSystem ownActorSystem;

    private LocalSqs(SQSRestServer server, int port, ActorSystem ownActorSystem) {
        this.server = server;
        this.port = port;
        this.ownActorSystem = ownActorSystem;
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
        return new LocalSqs(server, port, null);
    }

    /**
     * Starts on a free port of 127.0.0.1 with its queues and messages in an H2 database in {@code directory} (created
     * when missing): the queues and messages there from an earlier run are restored before it answers.
     *
     * @throws IllegalStateException when another persistent ElasticMQ is open in this JVM, or the restore fails
     */
    public static LocalSqs persistent(Path directory) {
        if (!PERSISTENT_OPEN.compareAndSet(false, true)) {
            throw new IllegalStateException("a persistent ElasticMQ is already open in this JVM (ElasticMQ's SQL store"
                    + " has one connection pool per process): close it first");
        }
        ActorSystem actors = null;
        try {
            Files.createDirectories(directory);
            // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook must not close the file under ElasticMQ while close()
            // still stops it. WRITE_DELAY=0: each commit reaches the file at once (H2 waits up to 500 ms by default),
            // so a message ElasticMQ acknowledged is in the file even if the JVM is killed right after.
            String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve(DATABASE) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
            SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, "sa", "", false);
            // ElasticMQ's DB object sets scalikejdbc's default pool only the first time in a JVM, and nothing closes it;
            // close() closes it so the file is released, so each start sets it again.
            ConnectionPool.singleton(url, "sa", "", ConnectionPool.singleton$default$4(),
                    ConnectionPool.singleton$default$5(url, "sa", "", ConnectionPool.singleton$default$4()));
            actors = ActorSystem.create("elasticmq");
            ActorRef store = actors.actorOf(Props.create(SqlQueuePersistenceActor.class, config,
                    scala.collection.immutable.List$.MODULE$.empty()), "queue-store");
            ActorRef queues = actors.actorOf(Props.create(QueueManagerActor.class, new NowProvider(),
                    StrictSQSLimits$.MODULE$, scala.Option.apply(store)), "queue-manager");
            Object restored = Patterns.ask(store, new QueueEvent.Restore(queues), Duration.ofSeconds(60))
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (restored instanceof scala.util.Left<?, ?> errors) {
                throw new IllegalStateException("ElasticMQ could not restore the queues in " + directory + ": " + errors.value());
            }
            int port = FreePorts.find();
            SQSRestServer server = SQSRestServerBuilder.withActorSystem(actors).withQueueManagerActor(queues)
                    .withQueueEventListener(store).withPort(port).withInterface("127.0.0.1")
                    .withServerAddress(new org.elasticmq.NodeAddress("http", "127.0.0.1", port, "")).start();
            server.waitUntilStarted();
            return new LocalSqs(server, port, actors);
        } catch (IOException e) {
            release(actors);
            throw new UncheckedIOException("cannot create " + directory, e);
        } catch (InterruptedException e) {
            release(actors);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring the queues in " + directory, e);
        } catch (ExecutionException | TimeoutException e) {
            release(actors);
            throw new IllegalStateException("ElasticMQ could not restore the queues in " + directory + ": " + e, e);
        } catch (RuntimeException e) {
            release(actors);
            throw e;
        }
    }

    /** The endpoint for SDK clients (ElasticMQ names queue ARNs {@code arn:aws:sqs:elasticmq:000000000000:<name>}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Stops the server; a persistent one then stops its actors (each change was written when it was acknowledged)
     * and closes the H2 database, so the directory can be opened again, in this JVM or another.
     */
    @Override
    public void close() {
        server.stopAndWait();
        if (ownActorSystem != null) {
            release(ownActorSystem);
        }
    }

    private static void release(ActorSystem actors) {
        try {
            if (actors != null) {
                actors.terminate();
                actors.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing the pool below anyway
        } finally {
            try {
                ConnectionPool.closeAll();
            } finally {
                PERSISTENT_OPEN.set(false);
            }
        }
    }
}

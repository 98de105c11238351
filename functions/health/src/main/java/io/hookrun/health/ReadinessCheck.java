package io.hookrun.health;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.database.DatabasePing;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Checks the DynamoDB table, the steps queue and the database in parallel, each within its own timeout,
 * so one hung dependency neither hides the others' state nor makes the probe itself time out.
 */
@Singleton
public class ReadinessCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** One dependency's state; {@code detail} says why it is down, never with credentials. */
    @Serdeable
    public record Component(String status, long latencyMs, @Nullable String detail) {
    }

    /** The whole answer: {@code status} UP only when every component is. */
    @Serdeable
    public record Report(String status, Map<String, Component> components, List<String> down) {
        public boolean up() {
            return down.isEmpty();
        }
    }

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final DatabasePing database;
    private final HookrunConfiguration config;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public ReadinessCheck(DynamoDbClient dynamoDb, SqsClient sqs, DatabasePing database, HookrunConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.database = database;
        this.config = config;
    }

    public Report check() {
        Map<String, CompletableFuture<Component>> checks = new LinkedHashMap<>();
        checks.put("dynamodb", probe(() -> {
            TableStatus status = dynamoDb.describeTable(r -> r.tableName(config.requiredTableName())).table().tableStatus();
            return status == TableStatus.ACTIVE || status == TableStatus.UPDATING ? null : "table is " + status;
        }));
        checks.put("sqs", probe(() -> {
            sqs.getQueueAttributes(r -> r.queueUrl(config.requiredStepsQueueUrl())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            return null;
        }));
        checks.put("database", probe(() -> database.isReachable(TIMEOUT) ? null : "database did not answer SELECT 1"));

        Map<String, Component> components = new LinkedHashMap<>();
        checks.forEach((name, future) -> components.put(name, await(future)));
        List<String> down = components.entrySet().stream()
                .filter(e -> !"UP".equals(e.getValue().status())).map(Map.Entry::getKey).toList();
        return new Report(down.isEmpty() ? "UP" : "DOWN", components, down);
    }

    /** A check returns null when healthy, or the reason it is not. */
    private CompletableFuture<Component> probe(Supplier<String> check) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                String problem = check.get();
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                return new Component(problem == null ? "UP" : "DOWN", ms, problem);
            } catch (RuntimeException e) {
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                return new Component("DOWN", ms, e.getClass().getSimpleName());
            }
        }, executor);
    }

    private static Component await(CompletableFuture<Component> future) {
        try {
            return future.get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(true);
            return new Component("DOWN", TIMEOUT.toMillis() + 500, "no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Component("DOWN", 0, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            return new Component("DOWN", 0, e.getCause().getClass().getSimpleName());
        }
    }
}

package io.hookrun.bench;

import io.hookrun.testsupport.emulator.AwsDefaults;
import io.hookrun.testsupport.emulator.LocalDynamoDb;
import io.hookrun.testsupport.emulator.LocalPostgres;
import io.hookrun.testsupport.emulator.LocalSqs;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The endpoints both sides of the benchmark call, in this process: DynamoDB Local with the hookrun table (key
 * {@code pk}, as template.yaml declares it), ElasticMQ with the steps queue, and PostgreSQL. Only the functions
 * create the run-history schema (their first call migrates it); the benchmark's warm-up runs a function first.
 */
final class LocalStandIns implements AutoCloseable {

    static final String TABLE = "HookrunTable";
    static final String QUEUE = "StepsQueue";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final LocalDynamoDb dynamoDb;
    private final LocalSqs sqs;
    private final LocalPostgres postgres;
    private final String queueUrl;

    private LocalStandIns(LocalDynamoDb dynamoDb, LocalSqs sqs, LocalPostgres postgres) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.postgres = postgres;
        started.add(postgres);
        started.add(sqs);
        started.add(dynamoDb);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("local", "local"));
        try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint())
                .region(Region.of(AwsDefaults.REGION)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
             SqsClient queues = SqsClient.builder().endpointOverride(sqs.endpoint())
                     .region(Region.of(AwsDefaults.REGION)).credentialsProvider(credentials)
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            ddb.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
            this.queueUrl = queues.createQueue(r -> r.queueName(QUEUE)).queueUrl();
        }
    }

    /** Starts the three side by side (about two seconds each); on failure stops those that did start. */
    static LocalStandIns start() {
        AwsDefaults.applyToSystemProperties();
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<LocalDynamoDb> dynamoDb = starter.submit(() -> LocalDynamoDb.start());
            Future<LocalSqs> sqs = starter.submit(() -> LocalSqs.start());
            Future<LocalPostgres> postgres = starter.submit(() -> LocalPostgres.start());
            starter.shutdown();
            try {
                return new LocalStandIns(dynamoDb.get(), sqs.get(), postgres.get());
            } catch (ExecutionException | InterruptedException | RuntimeException e) {
                List.of(dynamoDb, sqs, postgres).forEach(LocalStandIns::stopIfStarted);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("the local stand-ins did not start: "
                        + (e instanceof ExecutionException ? e.getCause() : e), e);
            }
        }
    }

    private static void stopIfStarted(Future<? extends AutoCloseable> starting) {
        try {
            starting.get().close();
        } catch (Exception e) {
            // did not start, or stopping anyway
        }
    }

    URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    URI sqsEndpoint() {
        return sqs.endpoint();
    }

    String queueUrl() {
        return queueUrl;
    }

    LocalPostgres postgres() {
        return postgres;
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : started) {
            try {
                closeable.close();
            } catch (Exception e) {
                // stopping the others anyway
            }
        }
    }
}

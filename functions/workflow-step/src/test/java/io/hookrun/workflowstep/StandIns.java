package io.hookrun.workflowstep;

import io.hookrun.testsupport.emulator.AwsDefaults;
import io.hookrun.testsupport.emulator.LocalDynamoDb;
import io.hookrun.testsupport.emulator.LocalPostgres;
import io.hookrun.testsupport.emulator.LocalSqs;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.HashMap;
import java.util.Map;

/**
 * The real stand-ins the step function's *IT tests run against: ElasticMQ (steps queues with a dead-letter queue),
 * PostgreSQL (run history) and DynamoDB Local (workflows), with the properties a function context needs to use them.
 */
final class StandIns implements AutoCloseable {

    final LocalSqs localSqs;
    final LocalPostgres postgres;
    final LocalDynamoDb dynamoDb;
    final SqsClient sqs;

    private StandIns(LocalSqs localSqs, LocalPostgres postgres, LocalDynamoDb dynamoDb, SqsClient sqs) {
        this.localSqs = localSqs;
        this.postgres = postgres;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
    }

    static StandIns start() {
        AwsDefaults.applyToSystemProperties();
        LocalSqs localSqs = LocalSqs.start();
        LocalPostgres postgres = LocalPostgres.start();
        LocalDynamoDb dynamoDb = LocalDynamoDb.start();
        SqsClient sqs = SqsClient.builder().endpointOverride(localSqs.endpoint()).region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint())
                .region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            dynamo.createTable(r -> r.tableName("hookrun").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        }
        return new StandIns(localSqs, postgres, dynamoDb, sqs);
    }

    /** A steps queue whose redrive policy moves a message to its DLQ after {@code maxReceiveCount} receives. */
    record Queues(String queueUrl, String dlqUrl) { }

    Queues queueWithDlq(String name, int maxReceiveCount) {
        String dlqUrl = sqs.createQueue(r -> r.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String queueUrl = sqs.createQueue(r -> r.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}")))
                .queueUrl();
        return new Queues(queueUrl, dlqUrl);
    }

    /** A function context on {@code queueUrl}, the database at {@code jdbcUrl}, DynamoDB Local, and {@code extra}. */
    ApplicationContextBuilder functionContext(String queueUrl, String jdbcUrl, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "hookrun.table-name", "hookrun",
                "hookrun.steps-queue-url", queueUrl,
                "aws.region", AwsDefaults.REGION,
                "aws.services.sqs.endpoint-override", localSqs.endpoint().toString(),
                "aws.services.dynamodb.endpoint-override", dynamoDb.endpoint().toString(),
                "datasources.default.url", jdbcUrl,
                "datasources.default.username", LocalPostgres.USER,
                "datasources.default.password", LocalPostgres.PASSWORD));
        properties.putAll(extra);
        return ApplicationContext.builder().deduceEnvironment(false).environmentPropertySource(false)
                .properties(properties);
    }

    int count(String queueUrl, QueueAttributeName attribute) {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(attribute))
                .attributes().get(attribute));
    }

    @Override
    public void close() {
        sqs.close();
        for (AutoCloseable closeable : new AutoCloseable[] {localSqs, postgres, dynamoDb}) {
            try {
                closeable.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }
}

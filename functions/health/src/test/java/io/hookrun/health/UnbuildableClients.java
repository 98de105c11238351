package io.hookrun.health;

import io.hookrun.database.DatabasePing;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * With {@code test.clients=unbuildable}, what the real probes stand on (the DynamoDB and SQS clients, the database
 * ping and so its pool) cannot be built at all: any code path that touches a probe fails.
 */
@Factory
@Requires(property = "test.clients", value = "unbuildable")
class UnbuildableClients {

    @Singleton
    @Replaces(DynamoDbClient.class)
    DynamoDbClient dynamoDb() {
        throw new IllegalStateException("the DynamoDB client was built");
    }

    @Singleton
    @Replaces(SqsClient.class)
    SqsClient sqs() {
        throw new IllegalStateException("the SQS client was built");
    }

    @Singleton
    @Replaces(DatabasePing.class)
    DatabasePing database() {
        throw new IllegalStateException("the database ping was built");
    }
}

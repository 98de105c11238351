package io.hookrun.health;

import io.hookrun.core.config.HookrunConfiguration;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import java.time.Duration;
import java.util.Optional;

/**
 * The hookrun table answers {@code DescribeTable} and is ACTIVE (or UPDATING, which still serves reads and writes).
 * {@code DescribeTable} is the one DynamoDB action HealthFunction's policy allows.
 */
@Singleton
@Order(1)
public class DynamoDbTableProbe implements ReadinessProbe {

    private final DynamoDbClient dynamoDb;
    private final HookrunConfiguration config;

    public DynamoDbTableProbe(DynamoDbClient dynamoDb, HookrunConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.config = config;
    }

    @Override
    public String component() {
        return "dynamodb";
    }

    @Override
    public Optional<String> check(Duration timeout) {
        TableStatus status = dynamoDb.describeTable(r -> r.tableName(config.requiredTableName())
                .overrideConfiguration(o -> o.apiCallTimeout(timeout))).table().tableStatus();
        return status == TableStatus.ACTIVE || status == TableStatus.UPDATING
                ? Optional.empty() : Optional.of("table is " + status);
    }
}

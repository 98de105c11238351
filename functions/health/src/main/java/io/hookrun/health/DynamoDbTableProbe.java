package io.hookrun.health;

import io.hookrun.core.config.HookrunConfiguration;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import java.time.Duration;

/**
 * The hookrun table exists and is ACTIVE. UPDATING (a capacity, index or TTL change) still serves reads and writes,
 * so it is DEGRADED, not DOWN; any other status (CREATING, DELETING, ARCHIVED, INACCESSIBLE_ENCRYPTION_CREDENTIALS...)
 * is DOWN. {@code DescribeTable} reads no item.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html
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
        return "table";
    }

    @Override
    public ComponentHealth check(Duration timeout) {
        TableStatus status;
        try {
            status = dynamoDb.describeTable(r -> r.tableName(config.requiredTableName())
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout))).table().tableStatus();
        } catch (ResourceNotFoundException e) {
            return ComponentHealth.down("table does not exist");
        }
        return switch (status) {
            case ACTIVE -> ComponentHealth.up();
            case UPDATING -> ComponentHealth.degraded("table is UPDATING (it still serves reads and writes)");
            default -> ComponentHealth.down("table is " + status);
        };
    }
}

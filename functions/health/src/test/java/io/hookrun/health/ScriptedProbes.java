package io.hookrun.health;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

/**
 * Puts a {@link ScriptedProbe} in place of a real probe when a test sets {@code test.probes.<component>} to
 * {@code up}, {@code down}, {@code fails} or {@code hangs}.
 */
@Factory
class ScriptedProbes {

    @Singleton
    @Order(1)
    @Replaces(DynamoDbTableProbe.class)
    @Requires(property = "test.probes.dynamodb")
    ScriptedProbe dynamodb(@Property(name = "test.probes.dynamodb") String behaviour) {
        return new ScriptedProbe("dynamodb", behaviour);
    }

    @Singleton
    @Order(2)
    @Replaces(SqsQueueProbe.class)
    @Requires(property = "test.probes.sqs")
    ScriptedProbe sqs(@Property(name = "test.probes.sqs") String behaviour) {
        return new ScriptedProbe("sqs", behaviour);
    }

    @Singleton
    @Order(3)
    @Replaces(DatabaseProbe.class)
    @Requires(property = "test.probes.database")
    ScriptedProbe database(@Property(name = "test.probes.database") String behaviour) {
        return new ScriptedProbe("database", behaviour);
    }
}

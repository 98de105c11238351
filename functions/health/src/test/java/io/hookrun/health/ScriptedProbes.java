package io.hookrun.health;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

/**
 * Puts a {@link ScriptedProbe} in place of a real probe when a test sets {@code test.probes.<component>} to
 * {@code up}, {@code degraded}, {@code down}, {@code fails} or {@code hangs}.
 */
@Factory
class ScriptedProbes {

    @Singleton
    @Order(1)
    @Replaces(DynamoDbTableProbe.class)
    @Requires(property = "test.probes.table")
    ScriptedProbe table(@Property(name = "test.probes.table") String behaviour) {
        return new ScriptedProbe("table", behaviour);
    }

    @Singleton
    @Order(2)
    @Replaces(StepsQueueProbe.class)
    @Requires(property = "test.probes.steps-queue")
    ScriptedProbe stepsQueue(@Property(name = "test.probes.steps-queue") String behaviour) {
        return new ScriptedProbe("steps-queue", behaviour);
    }

    @Singleton
    @Order(3)
    @Replaces(DeadLetterQueueProbe.class)
    @Requires(property = "test.probes.dead-letter-queue")
    ScriptedProbe deadLetterQueue(@Property(name = "test.probes.dead-letter-queue") String behaviour) {
        return new ScriptedProbe("dead-letter-queue", behaviour);
    }

    @Singleton
    @Order(4)
    @Replaces(DatabaseProbe.class)
    @Requires(property = "test.probes.database")
    ScriptedProbe database(@Property(name = "test.probes.database") String behaviour) {
        return new ScriptedProbe("database", behaviour);
    }

    @Singleton
    @Order(5)
    @Replaces(CircuitBreakersProbe.class)
    @Requires(property = "test.probes.circuit-breakers")
    ScriptedProbe circuitBreakers(@Property(name = "test.probes.circuit-breakers") String behaviour) {
        return new ScriptedProbe("circuit-breakers", behaviour, false);
    }
}

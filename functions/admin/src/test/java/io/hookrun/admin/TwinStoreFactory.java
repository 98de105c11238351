package io.hookrun.admin;

import io.hookrun.aws.dynamodb.DynamoDbIdempotencyStore;
import io.hookrun.aws.dynamodb.DynamoDbTriggerStore;
import io.hookrun.aws.dynamodb.DynamoDbWorkflowStore;
import io.hookrun.aws.sqs.SqsDeadLetters;
import io.hookrun.aws.sqs.SqsStepQueue;
import io.hookrun.core.message.DeadLetters;
import io.hookrun.core.idempotency.IdempotencyStore;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.trigger.TriggerStore;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.runhistory.JdbcRunHistory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;

/**
 * Puts the in-memory twins in place of the DynamoDB, SQS and PostgreSQL stores, and a clock the test moves. A context
 * with {@value #REAL_AWS} set keeps the real DynamoDB and SQS adapters and the system clock (the integration tests
 * against DynamoDB Local and ElasticMQ); the run history stays a twin there too.
 */
@Factory
class TwinStoreFactory {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final String REAL_AWS = "hookrun.test.real-aws";

    @Singleton
    TwinStores twinStores() {
        return new TwinStores(NOW);
    }

    @Singleton
    @Replaces(JdbcRunHistory.class)
    RunHistory runHistory(TwinStores twins) {
        return twins.guarded(RunHistory.class, twins.runs);
    }

    /** The twins of DynamoDB and SQS, and the settable clock: left out when {@value #REAL_AWS} is set. */
    @Factory
    @Requires(missingProperty = REAL_AWS)
    static class AwsTwins {

        @Singleton
        @Replaces(DynamoDbWorkflowStore.class)
        WorkflowStore workflowStore(TwinStores twins) {
            return twins.guarded(WorkflowStore.class, twins.workflows);
        }

        @Singleton
        @Replaces(DynamoDbTriggerStore.class)
        TriggerStore triggerStore(TwinStores twins) {
            return twins.guarded(TriggerStore.class, twins.triggers);
        }

        @Singleton
        @Replaces(DynamoDbIdempotencyStore.class)
        IdempotencyStore idempotencyStore(TwinStores twins) {
            return twins.guarded(IdempotencyStore.class, twins.claims);
        }

        @Singleton
        @Replaces(SqsStepQueue.class)
        StepQueue stepQueue(TwinStores twins) {
            return twins.queue;
        }

        @Singleton
        @Replaces(SqsDeadLetters.class)
        DeadLetters deadLetters(TwinStores twins) {
            return twins.deadLetters;
        }

        @Singleton
        Clock clock(TwinStores twins) {
            return twins.clock;
        }
    }
}

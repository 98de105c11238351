package io.hookrun.admin;

import io.hookrun.aws.dynamodb.DynamoDbIdempotencyStore;
import io.hookrun.aws.dynamodb.DynamoDbTriggerStore;
import io.hookrun.aws.dynamodb.DynamoDbWorkflowStore;
import io.hookrun.aws.sqs.SqsStepQueue;
import io.hookrun.core.idempotency.IdempotencyStore;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.trigger.TriggerStore;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.runhistory.JdbcRunHistory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;

/** Puts the in-memory twins in place of the DynamoDB, SQS and PostgreSQL stores, and a clock the test moves. */
@Factory
class TwinStoreFactory {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Singleton
    TwinStores twinStores() {
        return new TwinStores(NOW);
    }

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
    @Replaces(JdbcRunHistory.class)
    RunHistory runHistory(TwinStores twins) {
        return twins.guarded(RunHistory.class, twins.runs);
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
    Clock clock(TwinStores twins) {
        return twins.clock;
    }
}

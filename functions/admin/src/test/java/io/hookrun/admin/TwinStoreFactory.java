package io.hookrun.admin;

import io.hookrun.aws.dynamodb.DynamoDbTriggerStore;
import io.hookrun.aws.dynamodb.DynamoDbWorkflowStore;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.trigger.TriggerStore;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.runhistory.JdbcRunHistory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Puts the in-memory twins in place of the DynamoDB and PostgreSQL stores, and pins the clock. */
@Factory
class TwinStoreFactory {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Singleton
    TwinStores twinStores() {
        return new TwinStores();
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
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }
}

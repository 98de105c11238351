package io.hookrun.webhook;

import io.hookrun.core.time.SettableClock;
import io.hookrun.aws.dynamodb.DynamoDbIdempotencyStore;
import io.hookrun.aws.dynamodb.DynamoDbTriggerStore;
import io.hookrun.aws.sqs.SqsStepQueue;
import io.hookrun.core.idempotency.InMemoryIdempotencyStore;
import io.hookrun.core.message.InMemoryStepQueue;
import io.hookrun.core.signature.SignedRequest;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * In every application context built by this module's tests, DynamoDB and SQS are their in-memory twins and time is
 * a {@link SettableClock} at the signing fixture's "now": the real handler runs with no network. A test reaches the
 * twins through the context ({@code getBean(InMemoryStepQueue.class)}) to fail them or to look inside. An *IT sets
 * {@value #REAL_AWS} to keep the real delivery claims (DynamoDB Local) and steps queue (ElasticMQ).
 */
@Factory
class TwinStores {

    static final String REAL_AWS = "hookrun.test.real-aws";

    @Singleton
    @Requires(missingProperty = REAL_AWS)
    @Replaces(DynamoDbIdempotencyStore.class)
    InMemoryIdempotencyStore idempotencyStore() {
        return new InMemoryIdempotencyStore();
    }

    @Singleton
    @Replaces(DynamoDbTriggerStore.class)
    InMemoryTriggerStore triggerStore() {
        return new InMemoryTriggerStore();
    }

    @Singleton
    @Requires(missingProperty = REAL_AWS)
    @Replaces(SqsStepQueue.class)
    InMemoryStepQueue stepQueue() {
        return new InMemoryStepQueue();
    }

    @Singleton
    @Replaces(Clock.class)
    SettableClock clock() {
        return new SettableClock(SignedRequest.valid().now());
    }
}

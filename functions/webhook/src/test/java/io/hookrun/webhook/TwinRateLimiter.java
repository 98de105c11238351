package io.hookrun.webhook;

import io.hookrun.aws.dynamodb.DynamoDbRateLimiter;
import io.hookrun.core.ratelimit.InMemoryRateLimiter;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The rate limit buckets' twin in every application context of this module's tests, next to {@link TwinStores}; an
 * *IT that sets {@value TwinStores#REAL_AWS} keeps the real buckets (DynamoDB Local).
 */
@Factory
class TwinRateLimiter {

    @Singleton
    @Requires(missingProperty = TwinStores.REAL_AWS)
    @Replaces(DynamoDbRateLimiter.class)
    InMemoryRateLimiter rateLimiter() {
        return new InMemoryRateLimiter();
    }
}

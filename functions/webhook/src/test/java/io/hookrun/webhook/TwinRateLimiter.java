package io.hookrun.webhook;

import io.hookrun.aws.dynamodb.DynamoDbRateLimiter;
import io.hookrun.core.ratelimit.InMemoryRateLimiter;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;

/** The rate limit buckets' twin in every application context of this module's tests, next to {@link TwinStores}. */
@Factory
class TwinRateLimiter {

    @Singleton
    @Replaces(DynamoDbRateLimiter.class)
    InMemoryRateLimiter rateLimiter() {
        return new InMemoryRateLimiter();
    }
}

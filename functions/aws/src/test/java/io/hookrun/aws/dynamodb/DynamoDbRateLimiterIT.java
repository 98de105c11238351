package io.hookrun.aws.dynamodb;

import io.hookrun.core.ratelimit.RateLimitDecision;
import io.hookrun.core.trigger.RateLimit;
import io.hookrun.testsupport.emulator.DynamoDbLocalExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DynamoDbRateLimiter} against DynamoDB Local: the GCRA bucket, shared and exact, and what it costs. */
class DynamoDbRateLimiterIT {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00.250Z");
    private static final RateLimit TEN_PER_SECOND_BURST_5 = new RateLimit(10, 5);
    private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    private static DynamoDbClient countingClient;

    private final String trigger = "trg_" + UUID.randomUUID();

    @BeforeAll
    static void countingClient() {
        countingClient = DYNAMO.newClient(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                REQUESTS.add(context.request().getClass().getSimpleName());
            }
        });
    }

    @AfterAll
    static void closeCountingClient() {
        countingClient.close();
    }

    @BeforeEach
    void clearRequests() {
        REQUESTS.clear();
    }

    private static DynamoDbRateLimiter limiter() {
        return new DynamoDbRateLimiter(countingClient, DynamoDbLocalExtension.configuration());
    }

    @Test
    void aFullBucket_admitsTheBurst_thenLimits_withRetryAfterUntilTheNextFits() {
        DynamoDbRateLimiter limiter = limiter();
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire(trigger, TEN_PER_SECOND_BURST_5, T0)).as("event %d", i).isEqualTo(RateLimitDecision.ALLOWED);
        }

        assertThat(limiter.acquire(trigger, TEN_PER_SECOND_BURST_5, T0))
                .isEqualTo(new RateLimitDecision.Limited(Duration.ofMillis(100)));
        assertThat(limiter.acquire(trigger, TEN_PER_SECOND_BURST_5, T0.plusMillis(30)))
                .isEqualTo(new RateLimitDecision.Limited(Duration.ofMillis(70)));
    }

    @Test
    void anEmptyBucket_refillsAtTheRate() {
        DynamoDbRateLimiter limiter = limiter();
        for (int i = 0; i < 5; i++) {
            limiter.acquire(trigger, TEN_PER_SECOND_BURST_5, T0);
        }

        assertThat(limiter.acquire(trigger, TEN_PER_SECOND_BURST_5, T0.plusMillis(100))).isEqualTo(RateLimitDecision.ALLOWED);
        assertThat(limiter.acquire(trigger, TEN_PER_SECOND_BURST_5, T0.plusMillis(100))).isInstanceOf(RateLimitDecision.Limited.class);
        assertThat(limiter.acquire(trigger, TEN_PER_SECOND_BURST_5, T0.plusMillis(300))).isEqualTo(RateLimitDecision.ALLOWED);
        assertThat(limiter.acquire(trigger, TEN_PER_SECOND_BURST_5, T0.plusMillis(300))).isEqualTo(RateLimitDecision.ALLOWED);
        assertThat(limiter.acquire(trigger, TEN_PER_SECOND_BURST_5, T0.plusMillis(300))).isInstanceOf(RateLimitDecision.Limited.class);
    }

    @Test
    void twoInstances_shareOneBucket() {
        DynamoDbRateLimiter a = limiter();
        DynamoDbRateLimiter b = limiter();
        List<RateLimitDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            decisions.add(a.acquire(trigger, TEN_PER_SECOND_BURST_5, T0));
            decisions.add(b.acquire(trigger, TEN_PER_SECOND_BURST_5, T0));
        }

        assertThat(decisions).filteredOn(RateLimitDecision.ALLOWED::equals).hasSize(5);
    }

    @Test
    void concurrentInstances_admitExactlyTheBurst() throws Exception {
        RateLimit limit = new RateLimit(1, 20);
        List<DynamoDbRateLimiter> instances = List.of(limiter(), limiter(), limiter(), limiter());
        int threads = 16;
        int perThread = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> admitted = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                DynamoDbRateLimiter limiter = instances.get(t % instances.size());
                admitted.add(pool.submit(() -> {
                    start.await();
                    int count = 0;
                    for (int i = 0; i < perThread; i++) {
                        if (limiter.acquire(trigger, limit, T0) == RateLimitDecision.ALLOWED) {
                            count++;
                        }
                    }
                    return count;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : admitted) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSteadySenderWithinTheLimit_costsOneUpdateItemPerEvent() {
        DynamoDbRateLimiter limiter = limiter();
        limiter.acquire(trigger, TEN_PER_SECOND_BURST_5, T0);
        REQUESTS.clear();

        for (int i = 1; i <= 20; i++) {
            assertThat(limiter.acquire(trigger, TEN_PER_SECOND_BURST_5, T0.plusSeconds(i))).isEqualTo(RateLimitDecision.ALLOWED);
        }

        assertThat(REQUESTS).hasSize(20).containsOnly("UpdateItemRequest");
    }

    @Test
    void aBurst_costsOneUpdateItemPerEvent_admittedOrLimited() {
        DynamoDbRateLimiter limiter = limiter();
        limiter.acquire(trigger, TEN_PER_SECOND_BURST_5, T0);
        REQUESTS.clear();

        for (int i = 0; i < 10; i++) {
            limiter.acquire(trigger, TEN_PER_SECOND_BURST_5, T0);
        }

        assertThat(REQUESTS).hasSize(10).containsOnly("UpdateItemRequest");
    }

    @Test
    void aFreshInstance_onAnIdleBucket_costsTwoUpdateItems() {
        limiter().acquire(trigger, TEN_PER_SECOND_BURST_5, T0);
        REQUESTS.clear();

        assertThat(limiter().acquire(trigger, TEN_PER_SECOND_BURST_5, T0.plusSeconds(60))).isEqualTo(RateLimitDecision.ALLOWED);

        assertThat(REQUESTS).containsExactly("UpdateItemRequest", "UpdateItemRequest");
    }

    @Test
    void theBucket_expiresOnceItIsFullAgain_soIdleBucketsVanish() {
        limiter().acquire(trigger, TEN_PER_SECOND_BURST_5, T0);

        Map<String, AttributeValue> item = DYNAMO.client().getItem(r -> r.tableName(DynamoDbLocalExtension.TABLE)
                .key(Map.of("pk", AttributeValue.fromS("ratelimit#" + trigger)))).item();

        long tatSeconds = Long.parseLong(item.get("tatMicros").n()) / 1_000_000;
        long expiresAt = Long.parseLong(item.get("expiresAt").n());
        assertThat(expiresAt).isGreaterThan(tatSeconds).isLessThanOrEqualTo(T0.getEpochSecond() + 3);
    }
}

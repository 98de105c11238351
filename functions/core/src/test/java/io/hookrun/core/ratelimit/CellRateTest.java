package io.hookrun.core.ratelimit;

import io.hookrun.core.trigger.RateLimit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CellRateTest {

    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    private static final RateLimit TEN_PER_SECOND_BURST_3 = new RateLimit(10, 3);

    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter();

    @Test
    void aFullBucket_admitsExactlyTheBurstAtOneInstant_thenSaysWhenTheNextFits() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("t", TEN_PER_SECOND_BURST_3, T0)).isEqualTo(RateLimitDecision.ALLOWED);
        }
        assertThat(limiter.acquire("t", TEN_PER_SECOND_BURST_3, T0))
                .isEqualTo(new RateLimitDecision.Limited(Duration.ofMillis(100)));
    }

    @Test
    void anEmptyBucket_refillsOneEventPerInterval() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("t", TEN_PER_SECOND_BURST_3, T0);
        }
        assertThat(limiter.acquire("t", TEN_PER_SECOND_BURST_3, T0.plusMillis(99))).isInstanceOf(RateLimitDecision.Limited.class);
        assertThat(limiter.acquire("t", TEN_PER_SECOND_BURST_3, T0.plusMillis(100))).isEqualTo(RateLimitDecision.ALLOWED);
        assertThat(limiter.acquire("t", TEN_PER_SECOND_BURST_3, T0.plusMillis(100)))
                .isEqualTo(new RateLimitDecision.Limited(Duration.ofMillis(100)));
    }

    @Test
    void aRefusal_doesNotUseUpTheBucket() {
        for (int i = 0; i < 10; i++) {
            limiter.acquire("t", TEN_PER_SECOND_BURST_3, T0);
        }
        assertThat(limiter.acquire("t", TEN_PER_SECOND_BURST_3, T0.plusMillis(100))).isEqualTo(RateLimitDecision.ALLOWED);
    }

    @Test
    void anIdleBucket_isFullAgain_butNoFuller() {
        limiter.acquire("t", TEN_PER_SECOND_BURST_3, T0);
        Instant later = T0.plusSeconds(60);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("t", TEN_PER_SECOND_BURST_3, later)).isEqualTo(RateLimitDecision.ALLOWED);
        }
        assertThat(limiter.acquire("t", TEN_PER_SECOND_BURST_3, later)).isInstanceOf(RateLimitDecision.Limited.class);
    }

    @Test
    void triggers_haveBucketsOfTheirOwn() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("noisy", TEN_PER_SECOND_BURST_3, T0);
        }
        assertThat(limiter.acquire("quiet", TEN_PER_SECOND_BURST_3, T0)).isEqualTo(RateLimitDecision.ALLOWED);
    }

    @Test
    void theHighestRate_keepsItsInterval() {
        assertThat(CellRate.of(new RateLimit(100_000, 1))).isEqualTo(new CellRate(10, 0));
        assertThat(CellRate.of(new RateLimit(0.5, 2))).isEqualTo(new CellRate(2_000_000, 2_000_000));
    }
}

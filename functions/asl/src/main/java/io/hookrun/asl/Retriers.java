package io.hookrun.asl;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A state's {@code Retry} field ("Handling errors in Step Functions workflows", retriers). The first retrier whose
 * {@code ErrorEquals} matches the error decides: if it has attempts left the state runs again after its interval,
 * otherwise the error goes on to the Catchers; later retriers are not tried even if they match (documented, and
 * measured with TestState by the sfnx project). Each retrier counts its own retries, whatever errors it matched.
 *
 * <p>The interval before retry {@code n} (counted from 0) of a retrier is
 * {@code IntervalSeconds * BackoffRate^n}, capped at {@code MaxDelaySeconds}; with {@code JitterStrategy: FULL} it is
 * a random duration between 0 and that interval. Defaults: {@code IntervalSeconds} 1, {@code BackoffRate} 2.0,
 * {@code MaxAttempts} 3 (0: never retry), no {@code MaxDelaySeconds}, {@code JitterStrategy} NONE.
 */
final class Retriers {

    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final double DEFAULT_INTERVAL_SECONDS = 1;
    static final double DEFAULT_BACKOFF_RATE = 2.0;

    private Retriers() {
    }

    /**
     * The retry for {@code error}, or null when no retrier matches or the matching one is exhausted.
     *
     * @param retries how often each retrier has retried the state already (shorter than the Retry list, or empty,
     *                means 0 for the retriers not listed)
     */
    @Nullable
    static StepOutcome.Retry retry(Map<String, Object> state, @Nullable String error, @Nullable String cause,
                                   List<Integer> retries, RandomGenerator random) {
        if (!(state.get("Retry") instanceof List<?> retriers)) {
            return null;
        }
        for (int i = 0; i < retriers.size(); i++) {
            Map<?, ?> retrier = (Map<?, ?>) retriers.get(i);
            if (!ErrorMatching.matches(retrier.get("ErrorEquals"), error)) {
                continue;
            }
            int done = i < retries.size() ? retries.get(i) : 0;
            if (done >= number(retrier.get("MaxAttempts"), DEFAULT_MAX_ATTEMPTS)) {
                return null;
            }
            List<Integer> counts = new ArrayList<>(retriers.size());
            for (int j = 0; j < retriers.size(); j++) {
                counts.add(j < retries.size() ? retries.get(j) : 0);
            }
            counts.set(i, done + 1);
            return new StepOutcome.Retry(error, cause, counts, delay(retrier, done, random));
        }
        return null;
    }

    /** The wait before retry number {@code done} (0 for the first retry) of {@code retrier}. */
    static Duration delay(Map<?, ?> retrier, int done, RandomGenerator random) {
        double seconds = number(retrier.get("IntervalSeconds"), DEFAULT_INTERVAL_SECONDS)
                * Math.pow(number(retrier.get("BackoffRate"), DEFAULT_BACKOFF_RATE), done);
        if (retrier.get("MaxDelaySeconds") instanceof Number max) {
            seconds = Math.min(seconds, max.doubleValue());
        }
        if ("FULL".equals(retrier.get("JitterStrategy"))) {
            seconds = random.nextDouble() * seconds;
        }
        // An interval past what a Duration holds (a huge BackoffRate) is as good as forever.
        double millis = Math.min(seconds * 1000, (double) Long.MAX_VALUE / 2);
        return Duration.ofMillis(Math.round(Math.max(0, millis)));
    }

    private static double number(@Nullable Object value, double fallback) {
        return value instanceof Number n ? n.doubleValue() : fallback;
    }
}

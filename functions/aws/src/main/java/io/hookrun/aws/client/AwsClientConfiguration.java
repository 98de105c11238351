package io.hookrun.aws.client;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Time budgets of every AWS SDK client a function builds, bound from {@code hookrun.aws.*} (on Lambda from
 * {@code HOOKRUN_AWS_*} environment variables, e.g. {@code HOOKRUN_AWS_API_CALL_TIMEOUT=3s}).
 *
 * <p>The defaults are sized for the shortest function, the webhook (Lambda {@code Timeout: 10}): it makes up to
 * three calls one after the other (claim in DynamoDB, send to SQS, then complete or release the claim), so
 * even if each of them spends its whole {@code apiCallTimeout} the invocation answers within 3 x 3 s = 9 s, and
 * a single hanging dependency costs one call's budget (about 3 s) before the sender gets 503 + Retry-After. The
 * SDK's own defaults have no call timeout and a 30 s socket timeout, so a hanging endpoint outlived the
 * function and the sender saw a Lambda timeout instead of an answer.
 *
 * @param connectTimeout         TCP connect to the endpoint (the SDK default is 2 s)
 * @param socketTimeout          longest wait for the next bytes of a response (the SDK default is 30 s)
 * @param apiCallAttemptTimeout  one HTTP attempt, from signing to the last byte read; a slow attempt is retried
 * @param apiCallTimeout         the whole call, every retry and back-off included: the most any SDK call can take
 * @param maxAttempts            attempts per call, the first one included (SDK standard retry mode, with its
 *                               exponential back-off and jitter; throttling and 5xx answers are retried)
 * @see <a href="https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/best-practices.html#bestpractice5">AWS SDK for Java 2.x: configure API timeouts</a>
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html">Retry behavior (standard mode)</a>
 */
@ConfigurationProperties("hookrun.aws")
public record AwsClientConfiguration(
        @Bindable(defaultValue = "1s") Duration connectTimeout,
        @Bindable(defaultValue = "2s") Duration socketTimeout,
        @Bindable(defaultValue = "2s") Duration apiCallAttemptTimeout,
        @Bindable(defaultValue = "3s") Duration apiCallTimeout,
        @Bindable(defaultValue = "3") int maxAttempts) {

    public AwsClientConfiguration {
        requirePositive("connect-timeout", connectTimeout);
        requirePositive("socket-timeout", socketTimeout);
        requirePositive("api-call-attempt-timeout", apiCallAttemptTimeout);
        requirePositive("api-call-timeout", apiCallTimeout);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("hookrun.aws.max-attempts must be at least 1 (the first attempt), was " + maxAttempts);
        }
    }

    /** The defaults, as bound when no {@code hookrun.aws.*} property is set. */
    public static AwsClientConfiguration defaults() {
        return new AwsClientConfiguration(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(3), 3);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("hookrun.aws." + name + " must be a positive duration, was " + value);
        }
    }
}

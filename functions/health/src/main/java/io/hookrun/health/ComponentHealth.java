package io.hookrun.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * One component in the readiness answer.
 *
 * @param status    UP, DEGRADED or DOWN
 * @param latencyMs how long its check took (the timeout, when it did not answer)
 * @param detail    why it is not UP; never a credential, a connection string or an exception message (those may
 *                  carry URLs, hosts or user names): exception class names and AWS error codes only
 * @param depth     a queue's message counts, when the component is a queue that answered
 * @param open      the open circuit breakers, when the component is the breakers and they could be read
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComponentHealth(HealthStatus status, long latencyMs, @Nullable String detail,
                              @Nullable QueueDepth depth, @Nullable List<OpenCircuit> open) {

    /**
     * A queue's {@code GetQueueAttributes} counts. SQS reports no age of the oldest message there: that is the
     * CloudWatch metric {@code AWS/SQS ApproximateAgeOfOldestMessage}, which the alarms use. Receiving a message to
     * read its {@code SentTimestamp} is not an option: it hides the message from consumers (steps queue) and counts
     * towards {@code maxReceiveCount} (and the DLQ's own retention), whatever the visibility timeout.
     *
     * @param visible    {@code ApproximateNumberOfMessages}: waiting to be received
     * @param notVisible {@code ApproximateNumberOfMessagesNotVisible}: received, being processed (in flight)
     * @param delayed    {@code ApproximateNumberOfMessagesDelayed}: not yet available (a Wait or a retry back-off)
     */
    @Serdeable
    public record QueueDepth(long visible, long notVisible, long delayed) {
    }

    /** A downstream host whose circuit breaker is open: calls to it fail fast until {@code retryAt}. */
    @Serdeable
    public record OpenCircuit(String host, @Nullable Instant openedAt, Instant retryAt) {
    }

    public static ComponentHealth up() {
        return new ComponentHealth(HealthStatus.UP, 0, null, null, null);
    }

    public static ComponentHealth degraded(String detail) {
        return new ComponentHealth(HealthStatus.DEGRADED, 0, detail, null, null);
    }

    public static ComponentHealth down(String detail) {
        return new ComponentHealth(HealthStatus.DOWN, 0, detail, null, null);
    }

    public ComponentHealth withDepth(QueueDepth queueDepth) {
        return new ComponentHealth(status, latencyMs, detail, queueDepth, open);
    }

    public ComponentHealth withOpen(List<OpenCircuit> circuits) {
        return new ComponentHealth(status, latencyMs, detail, depth, List.copyOf(circuits));
    }

    public ComponentHealth withLatency(long millis) {
        return new ComponentHealth(status, millis, detail, depth, open);
    }

    /** The same finding, reported as DEGRADED: what a non-critical component's DOWN means for readiness. */
    ComponentHealth degradedIfDown() {
        return status == HealthStatus.DOWN ? new ComponentHealth(HealthStatus.DEGRADED, latencyMs, detail, depth, open) : this;
    }
}

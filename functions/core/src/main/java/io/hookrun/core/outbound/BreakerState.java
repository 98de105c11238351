package io.hookrun.core.outbound;

import java.time.Instant;

/**
 * The state of one host's {@link CircuitBreaker} and its transitions, as pure functions of {@code now}: the rules live
 * here once, for every store that keeps the state (in memory for tests, a DynamoDB item when deployed).
 *
 * <p>Closed: calls and failures are counted in fixed windows of {@link BreakerSettings#window()} (a new window starts
 * the counts again); a failure that makes at least {@link BreakerSettings#minCalls()} calls with a failure rate of at
 * least {@link BreakerSettings#failureRate()} opens it. Open until {@code openUntil}: calls fail fast. Then half-open:
 * the first call to ask becomes the probe and holds the breaker for another {@link BreakerSettings#openFor()} (so a
 * probe whose invocation died does not block the host forever); the probe's success closes the breaker, its failure
 * opens it again. An outcome recorded while the breaker is open and no probe is out (a call let through before it
 * opened) changes nothing.
 *
 * @param windowStart epoch milliseconds at which the counted window started
 * @param openedAt    when it opened last; null while closed
 * @param openUntil   when a probe may go; null while closed
 * @param probeUntil  when the probe now out is given up; null when none is out
 */
public record BreakerState(long windowStart, int calls, int failures, Instant openedAt, Instant openUntil,
                           Instant probeUntil) {

    /** What {@link #permit} answers, and the state to keep. */
    public record Decision(CircuitBreaker.Permit permit, BreakerState next) { }

    /** No call counted yet. */
    public static final BreakerState CLOSED = new BreakerState(0, 0, 0, null, null, null);

    public boolean isOpen() {
        return openUntil != null;
    }

    /** Whether a call may go at {@code now}; a {@link CircuitBreaker.Permit.Probe} is held in the next state. */
    public Decision permit(BreakerSettings settings, Instant now) {
        if (!isOpen()) {
            return new Decision(new CircuitBreaker.Permit.Closed(), this);
        }
        Instant retryAt = retryAt();
        if (now.isBefore(retryAt)) {
            return new Decision(new CircuitBreaker.Permit.Open(retryAt), this);
        }
        return new Decision(new CircuitBreaker.Permit.Probe(),
                new BreakerState(windowStart, calls, failures, openedAt, openUntil, now.plus(settings.openFor())));
    }

    /** The first moment a call may go: the end of the open time, or of the probe out. */
    public Instant retryAt() {
        return probeUntil != null && probeUntil.isAfter(openUntil) ? probeUntil : openUntil;
    }

    /** The state after a call's outcome. */
    public BreakerState record(BreakerSettings settings, boolean failed, Instant now) {
        if (isOpen()) {
            if (probeUntil == null) {
                return this;
            }
            return failed ? opened(settings, now) : closed(settings, now);
        }
        long window = windowStart(settings, now);
        int baseCalls = window == windowStart ? calls : 0;
        int baseFailures = window == windowStart ? failures : 0;
        BreakerState counted = new BreakerState(window, baseCalls + 1, baseFailures + (failed ? 1 : 0), null, null, null);
        return failed && trips(settings, counted.calls, counted.failures) ? counted.opened(settings, now) : counted;
    }

    /** This state, opened at {@code now} until {@code now + openFor}, with no probe out. */
    public BreakerState opened(BreakerSettings settings, Instant now) {
        return new BreakerState(windowStart, calls, failures, now, now.plus(settings.openFor()), null);
    }

    /** Closed with fresh counts: the failures that opened it are history once a probe succeeded. */
    public static BreakerState closed(BreakerSettings settings, Instant now) {
        return new BreakerState(windowStart(settings, now), 0, 0, null, null, null);
    }

    /** The start of the fixed window {@code now} is in, in epoch milliseconds. */
    public static long windowStart(BreakerSettings settings, Instant now) {
        long size = settings.window().toMillis();
        return Math.floorDiv(now.toEpochMilli(), size) * size;
    }

    /** Whether {@code failures} of {@code calls} in one window open the breaker. */
    public static boolean trips(BreakerSettings settings, int calls, int failures) {
        return calls >= settings.minCalls() && failures >= settings.failureRate() * calls;
    }
}

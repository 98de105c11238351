package io.hookrun.core.time;

import java.time.Duration;

/**
 * When the current invocation ends (on Lambda: its timeout). Work that must not outlive the invocation (a claim's
 * lease, an HTTP call, the next record of a batch) asks {@link #remaining()}. Measured on the monotonic clock, so
 * a wall-clock jump cannot stretch it.
 */
public final class Deadline {

    private static final Deadline NONE = new Deadline(Long.MAX_VALUE);

    private final long deadlineNanos;

    private Deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** A deadline {@code remaining} from now. */
    public static Deadline in(Duration remaining) {
        return new Deadline(System.nanoTime() + Math.max(0, remaining.toNanos()));
    }

    /** No deadline at all (a caller outside Lambda, such as a unit test). */
    public static Deadline none() {
        return NONE;
    }

    public boolean isBounded() {
        return this != NONE;
    }

    /** Time left; {@link Duration#ZERO} once passed, and a very long time for {@link #none()}. */
    public Duration remaining() {
        if (!isBounded()) {
            return Duration.ofDays(365);
        }
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /** Time left minus a safety {@code margin}, never negative. */
    public Duration remaining(Duration margin) {
        Duration left = remaining().minus(margin);
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    public String toString() {
        return isBounded() ? "Deadline[" + remaining().toMillis() + " ms left]" : "Deadline[none]";
    }
}

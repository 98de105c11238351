package io.hookrun.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it: signatures, leases, cache ages, Wait and Retry intervals then
 * depend on the test only, and nothing sleeps. Safe to move from one thread while others read it.
 */
public final class SettableClock extends Clock {

    private volatile Instant now;

    public SettableClock(Instant start) {
        this.now = start;
    }

    public void set(Instant instant) {
        this.now = instant;
    }

    public void advance(Duration by) {
        this.now = now.plus(by);
    }

    /** Moves to {@code instant} if it is later than now (a wait that is already over does not go back in time). */
    public void advanceTo(Instant instant) {
        if (instant.isAfter(now)) {
            this.now = instant;
        }
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("hookrun reads instants only");
    }
}

package io.hookrun.core.signature;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * The replay window shared by the schemes that sign a timestamp: a signed time further than the tolerance from now,
 * either way, is refused, so a captured request cannot be played again later (nor one signed ahead of time by a
 * sender whose clock is off). The boundary itself is inside: exactly 300 s old is still accepted.
 */
final class ReplayWindow {

    /** Beyond this, a Unix time in seconds is taken for milliseconds sent by mistake (it would be year 5138). */
    private static final long LARGEST_PLAUSIBLE_SECONDS = 99_999_999_999L;

    private ReplayWindow() {
    }

    /**
     * Parses a Unix time in whole seconds (ASCII digits, optionally surrounded by spaces).
     *
     * @param what names the value in the refusal, e.g. {@code webhook-timestamp}
     */
    static Instant parseSeconds(String value, String what) throws SignatureVerificationException {
        String digits = value.strip();
        if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SignatureVerificationException(what + " is not a Unix time in seconds");
        }
        long seconds;
        try {
            seconds = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new SignatureVerificationException(what + " is not a Unix time in seconds"); // beyond a long
        }
        if (seconds > LARGEST_PLAUSIBLE_SECONDS && seconds <= LARGEST_PLAUSIBLE_SECONDS * 1000 + 999) {
            throw new SignatureVerificationException(what + " looks like milliseconds; it must be a Unix time in seconds");
        }
        try {
            return Instant.ofEpochSecond(seconds);
        } catch (DateTimeException e) {
            // a long, but beyond the range of Instant
            throw new SignatureVerificationException(what + " is not a Unix time in seconds");
        }
    }

    /** Refuses {@code signedAt} when it is more than {@code tolerance} before or after {@code now}. */
    static void check(Instant signedAt, Instant now, Duration tolerance, String what)
            throws SignatureVerificationException {
        if (signedAt.isBefore(now.minus(tolerance))) {
            throw new SignatureVerificationException(what + " is more than " + tolerance.toSeconds()
                    + " seconds in the past");
        }
        if (signedAt.isAfter(now.plus(tolerance))) {
            throw new SignatureVerificationException(what + " is more than " + tolerance.toSeconds()
                    + " seconds in the future");
        }
    }
}

package io.hookrun.local.cli;

import io.hookrun.local.cli.HookrunCli.UsageException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times as the commands take them ({@code --since 1h}, an ISO instant) and show them (durations, instants). */
final class Times {

    private static final Pattern AGO = Pattern.compile("(\\d{1,9})([smhdw])");

    private Times() {
    }

    /**
     * {@code 45s}, {@code 30m}, {@code 1h}, {@code 2d}, {@code 1w} before {@code now}, or an ISO-8601 instant
     * ({@code 2026-12-01T08:00:00Z}); a {@link UsageException} naming {@code option} otherwise.
     */
    static Instant instant(String text, String option, Instant now) {
        Matcher ago = AGO.matcher(text.trim());
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            ChronoUnit unit = switch (ago.group(2)) {
                case "s" -> ChronoUnit.SECONDS;
                case "m" -> ChronoUnit.MINUTES;
                case "h" -> ChronoUnit.HOURS;
                case "d" -> ChronoUnit.DAYS;
                default -> ChronoUnit.WEEKS;
            };
            return now.minus(Duration.of(amount, unit == ChronoUnit.WEEKS ? ChronoUnit.DAYS : unit)
                    .multipliedBy(unit == ChronoUnit.WEEKS ? 7 : 1));
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " takes a time ago (45s, 30m, 1h, 2d, 1w) or an ISO-8601 instant such as"
                    + " 2026-12-01T08:00:00Z, not '" + text + "'");
        }
    }

    /** {@code 850 ms}, {@code 12.3 s}, {@code 4m05s}, {@code 2h03m}, {@code 3d04h}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format("%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }

    /** An instant to the second, UTC: {@code 2026-12-01T08:00:05Z}. */
    static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The instant a JSON field holds, or null when absent or not an instant. */
    static Instant parse(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.toString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Milliseconds from {@code from} to {@code to}; null when either is missing. */
    static Long between(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMillis();
    }
}

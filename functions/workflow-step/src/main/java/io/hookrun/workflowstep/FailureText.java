package io.hookrun.workflowstep;

import java.util.regex.Pattern;

/**
 * Text about a failure, made fit to store and show: without U+0000, which a PostgreSQL {@code text} column refuses
 * (a payload reaching a {@code Cause} would otherwise fail the write on every retry), without values that look like
 * credentials, and bounded in length.
 */
final class FailureText {

    static final int MAX_LENGTH = 2_000;

    private static final Pattern SECRET = Pattern.compile(
            "(?i)(password|passwd|secret|token|api[-_]?key|authorization)(\\s*[=:]\\s*)[^\\s&;,]+");

    private FailureText() {
    }

    /** {@code text} with every U+0000 replaced by U+FFFD (the replacement character), so PostgreSQL stores it; null stays null. */
    static String storable(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }

    /**
     * What went wrong, for a run's {@code cause}: the exception's class and message, then its root cause's, with
     * anything shaped like {@code password=...} redacted, at most {@value #MAX_LENGTH} characters.
     */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(oneLine(failure));
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != failure) {
            text.append(" (caused by ").append(oneLine(root)).append(')');
        }
        String redacted = SECRET.matcher(text).replaceAll("$1$2<redacted>");
        return storable(redacted.length() <= MAX_LENGTH ? redacted : redacted.substring(0, MAX_LENGTH - 3) + "...");
    }

    private static String oneLine(Throwable t) {
        return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}

package io.hookrun.asl;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks of literal field values that Step Functions constrains: whole numbers in a range, RFC 3339 timestamps, and
 * fields that take either such a literal or a {@code {% %}} expression. Each check adds at most one problem, so a
 * field is never reported twice. Numbers arrive as {@link JsonValues#parse} makes them: whole numbers as
 * {@code Integer}, {@code Long} or (beyond {@code Long}) {@code BigInteger}, anything else as a {@code Double}.
 */
final class FieldValues {

    /**
     * The largest {@code TimeoutSeconds}, {@code IntervalSeconds}, {@code MaxAttempts} and Wait {@code Seconds} Step
     * Functions accepts ("Maximum: 99999999", AWS Step Functions developer guide, Task state and "Handling errors in
     * Step Functions workflows").
     */
    static final long MAX_SECONDS = 99_999_999L;

    /** {@code MaxDelaySeconds} must be below 31622401 (one leap year), "Handling errors in Step Functions workflows". */
    static final long MAX_DELAY_SECONDS = 31_622_400L;

    /**
     * RFC 3339 as ASL narrows it: an uppercase {@code T} between date and time, and an uppercase {@code Z} when there
     * is no numeric offset ("Timestamps", Amazon States Language specification). The pattern fixes the shape;
     * {@link OffsetDateTime} then refuses impossible dates such as February 30.
     */
    private static final Pattern RFC_3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private final List<String> problems;

    FieldValues(List<String> problems) {
        this.problems = problems;
    }

    static boolean isWholeNumber(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof BigInteger;
    }

    /**
     * A whole number's value, a {@code BigInteger} beyond {@code long} clamped to {@code Long.MIN_VALUE} or
     * {@code Long.MAX_VALUE} (out of every range checked here either way); null for anything else.
     */
    static Long wholeValue(Object value) {
        if (value instanceof BigInteger big) {
            return big.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return isWholeNumber(value) ? ((Number) value).longValue() : null;
    }

    static boolean isExpression(Object value) {
        return JsonataTemplate.expressionOf(value) != null;
    }

    /** Whether {@code value} is a timestamp Step Functions accepts, e.g. {@code 2016-03-14T01:59:00Z}. */
    static boolean isTimestamp(Object value) {
        if (!(value instanceof String text) || !RFC_3339.matcher(text).matches()) {
            return false;
        }
        try {
            OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * A whole number within {@code [min, max]}; {@code what} describes it for the message, e.g. "a positive integer".
     *
     * @return whether the value was acceptable
     */
    boolean wholeNumber(String where, Object value, long min, long max, String what) {
        Long whole = wholeValue(value);
        if (whole == null) {
            problems.add(where + ": must be " + what);
            return false;
        }
        long number = whole;
        if (number < min) {
            problems.add(where + ": must be " + what + " (got " + number + ")");
            return false;
        }
        if (number > max) {
            problems.add(where + ": must be at most " + max + " (got " + JsonValues.write(value) + ")");
            return false;
        }
        return true;
    }

    /**
     * A whole number within {@code [min, max]} or a {@code {% %}} expression (checked to compile); the expression's
     * value is checked when it runs.
     */
    void wholeNumberOrExpression(String where, Object value, long min, long max, String what) {
        if (isExpression(value)) {
            JsonataTemplate.checkExpressions(value, where, problems);
        } else if (!isWholeNumber(value)) {
            problems.add(where + ": must be " + what + " or a {% %} expression");
        } else {
            wholeNumber(where, value, min, max, what);
        }
    }

    /** A string, or a {@code {% %}} expression checked to compile (Fail's Error and Cause). */
    void stringOrExpression(String where, Object value) {
        if (!(value instanceof String)) {
            problems.add(where + ": must be a string or a {% %} expression");
        } else {
            JsonataTemplate.checkExpressions(value, where, problems);
        }
    }

    /** {@code Comment} fields hold text only. */
    void comment(String where, Object value) {
        if (value != null && !(value instanceof String)) {
            problems.add(where + ": must be a string");
        }
    }
}

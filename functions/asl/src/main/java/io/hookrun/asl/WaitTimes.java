package io.hookrun.asl;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * When a Wait state lets its frame go on ("Wait workflow state"): {@code Seconds} after now, or at
 * {@code Timestamp}. Both may be literals or JSONata expressions.
 *
 * <ul>
 *   <li>{@code Seconds} must be a whole number from 0 to 99,999,999 (AWS's maximum for Seconds); anything else
 *       fails the state with {@code States.QueryEvaluationError}, in the words AWS uses for an {@code Items} of the
 *       wrong type (AWS's own cause for Seconds is not documented).</li>
 *   <li>{@code Timestamp} must be an ISO-8601 extended offset date-time ({@code 2016-03-14T01:59:00Z}; seconds and
 *       up to nine fraction digits optional, {@code Z} or {@code +hh:mm}); otherwise the state fails with
 *       {@code States.QueryEvaluationError} and AWS's cause, recorded by LocalStack's snapshot tests: "The Timestamp
 *       field cannot be parsed as an ISO-8601 extended offset date-time format string: ...". A time in the past
 *       does not wait.</li>
 * </ul>
 */
final class WaitTimes {

    static final long MAX_SECONDS = 99_999_999L;

    private static final Pattern OFFSET_DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?([Zz]|[+-]\\d{2}:\\d{2})");

    private WaitTimes() {
    }

    /** The instant the Wait state ends. */
    static Instant until(String stateName, Map<String, Object> state, Map<String, Object> states,
                         Map<String, Object> variables, Instant now) throws StateFailure {
        String where = "States." + stateName;
        if (state.containsKey("Seconds")) {
            Object seconds = JsonataTemplate.evaluate(state.get("Seconds"), states, variables, where + ".Seconds");
            return now.plusSeconds(seconds(where, state.get("Seconds"), seconds));
        }
        Object timestamp = JsonataTemplate.evaluate(state.get("Timestamp"), states, variables, where + ".Timestamp");
        return timestamp(stateName, timestamp);
    }

    private static long seconds(String where, Object template, Object seconds) throws StateFailure {
        if (seconds instanceof Number n) {
            double value = n.doubleValue();
            if (value == Math.rint(value) && value >= 0 && value <= MAX_SECONDS) {
                return (long) value;
            }
        }
        throw StateInterpreter.unexpectedType(where + ".Seconds", template, "integer from 0 to " + MAX_SECONDS, seconds);
    }

    private static Instant timestamp(String stateName, Object timestamp) throws StateFailure {
        if (timestamp instanceof String text && OFFSET_DATE_TIME.matcher(text).matches()) {
            try {
                return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
            } catch (DateTimeParseException e) {
                // a day or hour that does not exist (2016-13-05, 25:29): the same failure as a malformed text
            }
        }
        throw new StateFailure(JsonataTemplate.QUERY_EVALUATION_ERROR, "An error occurred while executing the state '"
                + stateName + "'. The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format"
                + " string: " + (timestamp instanceof String text ? text : JsonValues.write(timestamp)));
    }
}

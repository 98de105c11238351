package io.hookrun.asl;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The rules for {@code Retry} and {@code Catch} on Task, Parallel and Map states, from the Amazon States Language
 * specification ("Retrying after error", "Fallback states") and the limits the Step Functions developer guide states
 * in "Handling errors in Step Functions workflows":
 * <ul>
 *   <li>{@code ErrorEquals} is a non-empty array of error names; {@code States.ALL} must appear alone in it and only
 *       in the last Retrier (or Catcher);</li>
 *   <li>{@code IntervalSeconds} is a positive integer and {@code MaxAttempts} a non-negative one, both at most
 *       99999999; {@code BackoffRate} is a number of at least 1.0; {@code MaxDelaySeconds} a positive integer below
 *       31622401; {@code JitterStrategy} is {@code FULL} or {@code NONE};</li>
 *   <li>a Catcher needs {@code Next}, a state of the same scope, and may have {@code Output}, {@code Assign} and
 *       {@code Comment}.</li>
 * </ul>
 * Retrier fields are literals: unlike state fields they take no {@code {% %}} expression.
 */
final class ErrorHandlingValidator {

    static final String ALL = "States.ALL";

    private static final Set<String> RETRIER_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts",
            "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
    private static final Set<String> CATCHER_FIELDS = Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment");
    private static final Set<String> JITTER_STRATEGIES = Set.of("FULL", "NONE");

    private final List<String> problems;
    private final FieldValues values;
    private final AssignValidator assign;

    ErrorHandlingValidator(List<String> problems) {
        this.problems = problems;
        this.values = new FieldValues(problems);
        this.assign = new AssignValidator(problems);
    }

    void validateRetry(String where, Object retry) {
        if (!(retry instanceof List<?> retriers)) {
            problems.add(where + ": must be an array of Retriers");
            return;
        }
        for (int i = 0; i < retriers.size(); i++) {
            String at = where + "[" + i + "]";
            if (!(retriers.get(i) instanceof Map<?, ?> retrier)) {
                problems.add(at + ": a Retrier must be an object");
                continue;
            }
            unknownFields(at, retrier, RETRIER_FIELDS, "Retrier");
            errorEquals(at, retrier, i == retriers.size() - 1, "Retrier");
            if (retrier.containsKey("IntervalSeconds")) {
                values.wholeNumber(at + ".IntervalSeconds", retrier.get("IntervalSeconds"), 1, FieldValues.MAX_SECONDS,
                        "a positive integer");
            }
            if (retrier.containsKey("MaxAttempts")) {
                values.wholeNumber(at + ".MaxAttempts", retrier.get("MaxAttempts"), 0, FieldValues.MAX_SECONDS,
                        "a non-negative integer");
            }
            if (retrier.containsKey("BackoffRate") && !(retrier.get("BackoffRate") instanceof Number rate
                    && rate.doubleValue() >= 1.0)) {
                problems.add(at + ".BackoffRate: must be a number greater than or equal to 1.0");
            }
            if (retrier.containsKey("MaxDelaySeconds")) {
                values.wholeNumber(at + ".MaxDelaySeconds", retrier.get("MaxDelaySeconds"), 1,
                        FieldValues.MAX_DELAY_SECONDS, "a positive integer");
            }
            if (retrier.containsKey("JitterStrategy") && !JITTER_STRATEGIES.contains(retrier.get("JitterStrategy"))) {
                problems.add(at + ".JitterStrategy: must be \"FULL\" or \"NONE\" (got "
                        + DefinitionValidator.describe(retrier.get("JitterStrategy")) + ")");
            }
            values.comment(at + ".Comment", retrier.get("Comment"));
        }
    }

    /**
     * @param target         checks that a Catcher's {@code Next} names a state of the catching state's scope
     * @param outerVariables the variables of the scopes around the catching state's scope (see {@link AssignValidator})
     */
    void validateCatch(String where, Object catchField, BiConsumer<String, Object> target,
                       Map<String, String> outerVariables) {
        if (!(catchField instanceof List<?> catchers)) {
            problems.add(where + ": must be an array of Catchers");
            return;
        }
        for (int i = 0; i < catchers.size(); i++) {
            String at = where + "[" + i + "]";
            if (!(catchers.get(i) instanceof Map<?, ?> catcher)) {
                problems.add(at + ": a Catcher must be an object");
                continue;
            }
            unknownFields(at, catcher, CATCHER_FIELDS, "Catcher");
            errorEquals(at, catcher, i == catchers.size() - 1, "Catcher");
            if (catcher.get("Next") == null) {
                problems.add(at + ".Next: is required");
            } else {
                target.accept(at + ".Next", catcher.get("Next"));
            }
            JsonataTemplate.checkExpressions(catcher.get("Output"), at + ".Output", StatesBinding.ERROR_OUTPUT,
                    problems);
            if (catcher.containsKey("Assign")) {
                assign.validate(at + ".Assign", catcher.get("Assign"), outerVariables, StatesBinding.ERROR_OUTPUT);
            }
            values.comment(at + ".Comment", catcher.get("Comment"));
        }
    }

    private void errorEquals(String where, Map<?, ?> handler, boolean last, String kind) {
        String at = where + ".ErrorEquals";
        Object value = handler.get("ErrorEquals");
        if (value == null) {
            problems.add(at + ": is required");
            return;
        }
        if (!(value instanceof List<?> names) || names.isEmpty() || !names.stream().allMatch(String.class::isInstance)) {
            problems.add(at + ": must be a non-empty array of error names (strings)");
            return;
        }
        if (names.contains(ALL)) {
            if (names.size() > 1) {
                problems.add(at + ": " + ALL + " must appear alone in ErrorEquals");
            }
            if (!last) {
                problems.add(at + ": " + ALL + " may only appear in the last " + kind);
            }
        }
    }

    private void unknownFields(String where, Map<?, ?> handler, Set<String> allowed, String kind) {
        for (Object field : handler.keySet()) {
            if (allowed.contains(field)) {
                continue;
            }
            problems.add(where + "." + field + ": " + ("ResultPath".equals(field)
                    ? StateFields.jsonPathField("ResultPath")
                    : "Field '" + field + "' is not supported in a " + kind + " (it takes " + String.join(", ",
                    allowed.stream().sorted().toList()) + ")"));
        }
    }
}

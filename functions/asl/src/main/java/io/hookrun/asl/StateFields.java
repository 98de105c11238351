package io.hookrun.asl;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which fields each state type takes in JSONata mode, as the Amazon States Language specification tabulates them
 * ("Table of State Types and Fields (JSONata)") and the state-type pages of the Step Functions developer guide list
 * them, and how a field outside that table is refused. A field is refused by name rather than ignored, so that a
 * workflow never silently behaves differently than on AWS: JSONPath fields say that JSONPath is not supported yet,
 * Distributed Map fields say that Map runs inline, and the rest say on which state type they are not supported
 * (Step Functions' own wording is "Field 'X' is not supported").
 */
final class StateFields {

    static final Set<String> TYPES = Set.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");

    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", Set.of("Next", "End", "Output", "Assign"),
            "Task", Set.of("Next", "End", "Output", "Assign", "Resource", "Arguments", "TimeoutSeconds",
                    "HeartbeatSeconds", "Retry", "Catch"),
            "Choice", Set.of("Choices", "Default", "Output", "Assign"),
            "Wait", Set.of("Next", "End", "Output", "Assign", "Seconds", "Timestamp"),
            "Succeed", Set.of("Output"),
            "Fail", Set.of("Error", "Cause"),
            "Parallel", Set.of("Next", "End", "Output", "Assign", "Arguments", "Branches", "Retry", "Catch"),
            "Map", Set.of("Next", "End", "Output", "Assign", "Items", "ItemSelector", "ItemProcessor", "MaxConcurrency",
                    "ToleratedFailureCount", "ToleratedFailurePercentage", "Retry", "Catch"));

    /** Fields that only exist in JSONPath states (specification, "Table of State Types and Fields (JSONPath)"). */
    private static final Set<String> JSONPATH_FIELDS = Set.of("Parameters", "ResultPath", "InputPath", "OutputPath",
            "ResultSelector", "Result", "ErrorPath", "CausePath", "SecondsPath", "TimestampPath", "ItemsPath",
            "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "TimeoutSecondsPath",
            "HeartbeatSecondsPath");

    /** JSONPath Choice Rule fields: data-test and boolean expressions, which JSONata replaces with Condition. */
    private static final Set<String> JSONPATH_RULE_FIELDS = Set.of("Variable", "And", "Or", "Not",
            "StringEquals", "StringEqualsPath", "StringLessThan", "StringLessThanPath", "StringGreaterThan",
            "StringGreaterThanPath", "StringLessThanEquals", "StringLessThanEqualsPath", "StringGreaterThanEquals",
            "StringGreaterThanEqualsPath", "StringMatches", "NumericEquals", "NumericEqualsPath", "NumericLessThan",
            "NumericLessThanPath", "NumericGreaterThan", "NumericGreaterThanPath", "NumericLessThanEquals",
            "NumericLessThanEqualsPath", "NumericGreaterThanEquals", "NumericGreaterThanEqualsPath", "BooleanEquals",
            "BooleanEqualsPath", "TimestampEquals", "TimestampEqualsPath", "TimestampLessThan", "TimestampLessThanPath",
            "TimestampGreaterThan", "TimestampGreaterThanPath", "TimestampLessThanEquals",
            "TimestampLessThanEqualsPath", "TimestampGreaterThanEquals", "TimestampGreaterThanEqualsPath", "IsNull",
            "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");

    private static final String DISTRIBUTED_MAP =
            "is a Distributed Map field, and Distributed Map is not supported (hookrun runs Map inline)";

    /** AWS fields hookrun does not run, each with why. */
    private static final Map<String, String> NOT_SUPPORTED = Map.of(
            "Iterator", "is the deprecated name of ItemProcessor and is not supported: use ItemProcessor",
            "ItemReader", DISTRIBUTED_MAP,
            "ItemBatcher", DISTRIBUTED_MAP,
            "ResultWriter", DISTRIBUTED_MAP,
            "Label", DISTRIBUTED_MAP,
            "Credentials", "(a task's cross-account credentials) is not supported yet");

    private StateFields() {
    }

    /** Whether a state of {@code type} takes {@code field}. */
    static boolean allows(String type, String field) {
        return COMMON.contains(field) || FIELDS.get(type).contains(field);
    }

    /** Adds a problem for each field of {@code state} that a {@code type} state does not take in JSONata mode. */
    static void check(String where, String type, Set<String> fields, List<String> problems) {
        for (String field : fields) {
            if (allows(type, field)) {
                continue;
            }
            String at = where + "." + field + ": ";
            if (JSONPATH_FIELDS.contains(field)) {
                problems.add(at + jsonPathField(field));
            } else if (NOT_SUPPORTED.containsKey(field)) {
                problems.add(at + "'" + field + "' " + NOT_SUPPORTED.get(field));
            } else if (FIELDS.values().stream().anyMatch(set -> set.contains(field))) {
                problems.add(at + "Field '" + field + "' is not supported on a " + type + " state");
            } else {
                problems.add(at + "Field '" + field + "' is not supported (no state type has it)");
            }
        }
    }

    /** Adds a problem for each field of a JSONata Choice Rule other than Condition, Next, Output, Assign, Comment. */
    static void checkRule(String where, Set<String> fields, List<String> problems) {
        for (String field : fields) {
            switch (field) {
                case "Condition", "Next", "Output", "Assign", "Comment" -> { }
                default -> problems.add(where + "." + field + ": " + (JSONPATH_RULE_FIELDS.contains(field)
                        ? "'" + field + "' is a JSONPath Choice Rule field, and JSONPath is not supported yet (JSONata"
                                + " rules take a Condition with a {% %} expression)"
                        : "Field '" + field + "' is not supported in a Choice Rule (it takes Condition, Next,"
                                + " Output, Assign and Comment)"));
            }
        }
    }

    static String jsonPathField(String field) {
        return "'" + field + "' is a JSONPath field, and JSONPath is not supported yet (JSONata states use Arguments,"
                + " Output and Assign with {% %} expressions)";
    }
}

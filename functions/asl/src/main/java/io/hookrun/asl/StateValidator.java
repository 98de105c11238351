package io.hookrun.asl;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules for one state of a definition: which fields its type takes, where it may go next, and that every
 * {@code {% %}} expression in it compiles. Fields that Step Functions has but hookrun does not run yet are
 * refused by name rather than ignored, so that a workflow never silently behaves differently than on AWS.
 */
final class StateValidator {

    static final String JSONATA = "JSONata";
    static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");

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
    private static final Set<String> NOT_YET = Set.of("HeartbeatSecondsPath", "TimeoutSecondsPath", "Credentials",
            "Iterator", "ItemReader", "ItemBatcher", "ResultWriter");
    private static final Set<String> JSONPATH_ONLY = Set.of("Parameters", "ResultPath", "InputPath", "OutputPath",
            "ResultSelector", "Result", "ErrorPath", "CausePath", "SecondsPath", "TimestampPath");
    private static final Set<String> UNSUPPORTED_TYPES = Set.of();
    private static final Set<String> RULE_FIELDS = Set.of("Condition", "Next", "Output", "Comment");

    private final Set<String> stateNames;
    private final List<String> problems;
    private final DefinitionLimits limits;

    StateValidator(Set<String> stateNames, List<String> problems, DefinitionLimits limits) {
        this.stateNames = stateNames;
        this.problems = problems;
        this.limits = limits;
    }

    void validate(String name, Object value) {
        String where = "States." + name;
        if (!(value instanceof Map<?, ?> raw)) {
            problems.add(where + ": must be an object");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) raw;
        Object type = state.get("Type");
        if (type == null) {
            problems.add(where + ".Type: is required");
            return;
        }
        if (UNSUPPORTED_TYPES.contains(type)) {
            problems.add(where + ".Type: " + type + " states are not supported yet");
            return;
        }
        if (!FIELDS.containsKey(type)) {
            problems.add(where + ".Type: " + DefinitionValidator.describe(type) + " is not a state type (one of "
                    + new TreeSet<>(FIELDS.keySet()) + ")");
            return;
        }
        Object language = state.get("QueryLanguage");
        if (language != null && !JSONATA.equals(language)) {
            problems.add(where + ".QueryLanguage: must be \"JSONata\" or absent");
        }
        checkFields(where, (String) type, state.keySet());
        checkTransition(where, (String) type, state);
        for (String field : List.of("Output", "Arguments", "Error", "Cause")) {
            JsonataTemplate.checkExpressions(state.get(field), where + "." + field, problems);
        }
        switch ((String) type) {
            case "Task" -> validateTask(where, state);
            case "Choice" -> validateChoice(where, state);
            case "Fail" -> {
                checkStringOrExpression(where + ".Error", state.get("Error"));
                checkStringOrExpression(where + ".Cause", state.get("Cause"));
            }
            default -> { }
        }
    }

    private void checkFields(String where, String type, Set<String> fields) {
        for (String field : fields) {
            if (COMMON.contains(field) || FIELDS.get(type).contains(field)) {
                continue;
            }
            if (NOT_YET.contains(field)) {
                problems.add(where + "." + field + ": not supported yet");
            } else if (JSONPATH_ONLY.contains(field)) {
                problems.add(where + "." + field + ": not supported (a JSONPath field; use Arguments and Output"
                        + " with {% %} expressions)");
            } else if (FIELDS.values().stream().anyMatch(set -> set.contains(field))) {
                problems.add(where + "." + field + ": not allowed on a " + type + " state");
            } else {
                problems.add(where + "." + field + ": unknown field");
            }
        }
    }

    private void checkTransition(String where, String type, Map<String, Object> state) {
        if (!type.equals("Pass") && !type.equals("Task")) {
            return; // Next/End on Choice, Succeed and Fail are reported by checkFields as "not allowed"
        }
        boolean hasNext = state.containsKey("Next");
        Object end = state.get("End");
        if (end != null && !(end instanceof Boolean)) {
            problems.add(where + ".End: must be true or false");
        }
        boolean isEnd = Boolean.TRUE.equals(end);
        if (hasNext && isEnd) {
            problems.add(where + ": has both Next and End");
        } else if (!hasNext && !isEnd) {
            problems.add(where + ": needs Next or \"End\": true");
        } else if (hasNext) {
            checkTarget(where + ".Next", state.get("Next"));
        }
    }

    private void validateTask(String where, Map<String, Object> state) {
        Object resource = state.get("Resource");
        if (!HttpTask.RESOURCE.equals(resource)) {
            problems.add(where + ".Resource: only \"" + HttpTask.RESOURCE + "\" is supported (got "
                    + (resource == null ? "nothing" : DefinitionValidator.describe(resource)) + ")");
        }
        Object timeout = state.get("TimeoutSeconds");
        if (timeout != null && !isPositiveWholeNumber(timeout)) {
            problems.add(where + ".TimeoutSeconds: must be a positive whole number of seconds");
        } else if (timeout != null && ((Number) timeout).longValue() > limits.maxTaskTimeoutSeconds()) {
            // HeartbeatSeconds would need the same cap; it is refused as "not supported yet" (NOT_YET) for now.
            problems.add(where + ".TimeoutSeconds: must be at most " + limits.maxTaskTimeoutSeconds()
                    + " (a state runs within one invocation of the step function, and must end before it does)");
        }
        Object arguments = state.get("Arguments");
        if (JsonataTemplate.expressionOf(arguments) != null) {
            return; // computed at run time; checked then
        }
        if (!(arguments instanceof Map<?, ?> args)) {
            problems.add(where + ".Arguments: an object with ApiEndpoint and Method is required");
            return;
        }
        Object endpoint = args.get("ApiEndpoint");
        if (endpoint == null) {
            problems.add(where + ".Arguments.ApiEndpoint: is required");
        } else if (JsonataTemplate.expressionOf(endpoint) == null && !HttpTask.isHttpUrl(endpoint)) {
            problems.add(where + ".Arguments.ApiEndpoint: must be an http(s) URL or a {% %} expression");
        }
        Object method = args.get("Method");
        if (method == null) {
            problems.add(where + ".Arguments.Method: is required");
        } else if (JsonataTemplate.expressionOf(method) == null && !HTTP_METHODS.contains(method)) {
            problems.add(where + ".Arguments.Method: must be one of " + new TreeSet<>(HTTP_METHODS)
                    + " or a {% %} expression");
        }
        Object headers = args.get("Headers");
        if (headers != null && JsonataTemplate.expressionOf(headers) == null && !(headers instanceof Map)) {
            problems.add(where + ".Arguments.Headers: must be an object or a {% %} expression");
        }
        Object query = args.get("QueryParameters");
        if (query != null && JsonataTemplate.expressionOf(query) == null && !(query instanceof Map)) {
            problems.add(where + ".Arguments.QueryParameters: must be an object or a {% %} expression");
        }
    }

    private void validateChoice(String where, Map<String, Object> state) {
        if (!(state.get("Choices") instanceof List<?> choices) || choices.isEmpty()) {
            problems.add(where + ".Choices: a non-empty array of rules is required");
        } else {
            for (int i = 0; i < choices.size(); i++) {
                validateRule(where + ".Choices[" + i + "]", choices.get(i));
            }
        }
        if (state.containsKey("Default")) {
            checkTarget(where + ".Default", state.get("Default"));
        }
    }

    private void validateRule(String where, Object value) {
        if (!(value instanceof Map<?, ?> rule)) {
            problems.add(where + ": must be an object");
            return;
        }
        for (Object field : rule.keySet()) {
            if (!RULE_FIELDS.contains(field)) {
                problems.add(where + "." + field + ": not supported (JSONata rules take Condition, Next and Output)");
            }
        }
        Object condition = rule.get("Condition");
        if (condition == null) {
            problems.add(where + ".Condition: is required");
        } else if (!(condition instanceof Boolean) && JsonataTemplate.expressionOf(condition) == null) {
            problems.add(where + ".Condition: must be a {% %} expression or a boolean");
        } else {
            JsonataTemplate.checkExpressions(condition, where + ".Condition", problems);
        }
        JsonataTemplate.checkExpressions(rule.get("Output"), where + ".Output", problems);
        if (rule.get("Next") == null) {
            problems.add(where + ".Next: is required");
        } else {
            checkTarget(where + ".Next", rule.get("Next"));
        }
    }

    private void checkStringOrExpression(String where, Object value) {
        if (value != null && !(value instanceof String)) {
            problems.add(where + ": must be a string or a {% %} expression");
        }
    }

    private void checkTarget(String where, Object target) {
        if (!(target instanceof String) || !stateNames.contains(target)) {
            problems.add(where + ": " + DefinitionValidator.describe(target) + " is not a state");
        }
    }

    static boolean isPositiveWholeNumber(Object value) {
        return (value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 1;
    }
}

package io.hookrun.asl;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules for one state of a scope in JSONata mode: which fields its type takes ({@link StateFields}), where it may
 * go next, the values of its type's own fields, and that every {@code {% %}} expression in it compiles. Assign,
 * Retry and Catch have validators of their own; the states nested in a Parallel's branches or a Map's ItemProcessor
 * are validated as scopes of their own by {@link DefinitionValidator}, which this class leaves them to.
 */
final class StateValidator {

    static final String JSONATA = "JSONata";
    /** The longest a {@code .waitForTaskToken} Task waits for its callback: a year, a Standard execution's limit. */
    static final long MAX_CALLBACK_WAIT_SECONDS = 31_536_000L;
    static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");

    private final StateScope scope;
    private final DefinitionContext definition;
    private final List<String> problems;
    private final FieldValues values;
    private final AssignValidator assign;
    private final ErrorHandlingValidator errorHandling;
    private final ContainerValidator containers;

    StateValidator(StateScope scope, DefinitionContext definition, List<String> problems) {
        this.scope = scope;
        this.definition = definition;
        this.problems = problems;
        this.values = new FieldValues(problems);
        this.assign = new AssignValidator(problems);
        this.errorHandling = new ErrorHandlingValidator(problems);
        this.containers = new ContainerValidator(problems);
    }

    void validate(String name, Object value) {
        String where = scope.locationOf(name);
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
        if (!StateFields.TYPES.contains(type)) {
            problems.add(where + ".Type: " + DefinitionValidator.describe(type) + " is not a state type (one of "
                    + new TreeSet<>(StateFields.TYPES) + ")");
            return;
        }
        String stateType = (String) type;
        queryLanguage(where + ".QueryLanguage", state.get("QueryLanguage"));
        StateFields.check(where, stateType, state.keySet(), problems);
        values.comment(where + ".Comment", state.get("Comment"));
        checkTransition(where, stateType, state);
        if (StateFields.allows(stateType, "Output")) {
            JsonataTemplate.checkExpressions(state.get("Output"), where + ".Output",
                    StatesBinding.ofStateOutput(stateType), problems);
        }
        if (StateFields.allows(stateType, "Assign") && state.containsKey("Assign")) {
            assign.validate(where + ".Assign", state.get("Assign"), scope.outerVariables(),
                    StatesBinding.ofStateOutput(stateType));
        }
        switch (stateType) {
            case "Task" -> validateTask(where, state);
            case "Choice" -> validateChoice(where, state);
            case "Wait" -> validateWait(where, state);
            case "Fail" -> {
                if (state.containsKey("Error")) {
                    values.stringOrExpression(where + ".Error", state.get("Error"));
                }
                if (state.containsKey("Cause")) {
                    values.stringOrExpression(where + ".Cause", state.get("Cause"));
                }
            }
            case "Parallel" -> containers.validateParallel(where, state);
            case "Map" -> containers.validateMap(where, state);
            default -> { }
        }
        if (StateFields.allows(stateType, "Retry") && state.containsKey("Retry")) {
            errorHandling.validateRetry(where + ".Retry", state.get("Retry"));
        }
        if (StateFields.allows(stateType, "Catch") && state.containsKey("Catch")) {
            errorHandling.validateCatch(where + ".Catch", state.get("Catch"), this::checkTarget,
                    scope.outerVariables());
        }
    }

    /**
     * A state's query language is its own QueryLanguage or else the state machine's (specification, "Query
     * Languages"), and must be JSONata: hookrun does not run JSONPath yet. Step Functions also refuses a JSONPath
     * state in a JSONata machine ("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state
     * machine").
     */
    private void queryLanguage(String where, Object language) {
        if (language == null && definition.statesInheritJsonPath()) {
            problems.add(where + ": absent, so the state takes the state machine's query language, JSONPath, which is"
                    + " not supported yet: set \"QueryLanguage\": \"JSONata\" on the state or at the top level");
            return;
        }
        if (language == null || JSONATA.equals(language)) {
            return;
        }
        problems.add(where + ": " + ("JSONPath".equals(language)
                ? "'JSONPath' is not supported yet (hookrun runs JSONata states only)"
                : "must be \"JSONata\" or absent (got " + DefinitionValidator.describe(language) + ")"));
    }

    private void checkTransition(String where, String type, Map<String, Object> state) {
        if (!StateFields.allows(type, "Next")) {
            return; // Next/End on Choice, Succeed and Fail are refused by StateFields
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

    /** That {@code target} names a state of this scope: no transition leaves or enters a branch. */
    void checkTarget(String where, Object target) {
        if (target instanceof String name && scope.stateNames().contains(name)) {
            return;
        }
        if (target instanceof String name && definition.scopeOfState().containsKey(name)) {
            problems.add(where + ": '" + name + "' is a state of " + definition.scopeOfState().get(name) + ", not of "
                    + scope.label() + " (a transition cannot enter or leave a Parallel branch or a Map ItemProcessor)");
        } else {
            problems.add(where + ": " + DefinitionValidator.describe(target) + " is not a state");
        }
    }

    private void validateTask(String where, Map<String, Object> state) {
        Object resource = state.get("Resource");
        TaskResource task = TaskResource.parse(resource).orElse(null);
        if (task == null) {
            problems.add(where + ".Resource: must be one of " + new TreeSet<>(TaskResource.INTEGRATIONS)
                    + ", optionally with the suffix " + TaskResource.WAIT_FOR_TASK_TOKEN + " (got "
                    + (resource == null ? "nothing" : DefinitionValidator.describe(resource)) + ")");
        }
        // A .waitForTaskToken Task's TimeoutSeconds and HeartbeatSeconds bound the wait for its callback, which spans
        // invocations; any other Task's bound its call, which must end within one.
        long max = task != null && task.waitForTaskToken() ? MAX_CALLBACK_WAIT_SECONDS
                : Math.min(definition.limits().maxTaskTimeoutSeconds(), FieldValues.MAX_SECONDS);
        Long timeout = taskSeconds(where + ".TimeoutSeconds", state.get("TimeoutSeconds"), max);
        Long heartbeat = taskSeconds(where + ".HeartbeatSeconds", state.get("HeartbeatSeconds"), max);
        if (timeout != null && heartbeat != null && heartbeat >= timeout) {
            // Specification, "Timeouts": the HeartbeatSeconds interval MUST be smaller than TimeoutSeconds.
            problems.add(where + ".HeartbeatSeconds: must be smaller than TimeoutSeconds (" + timeout + ")");
        }
        Object arguments = state.get("Arguments");
        JsonataTemplate.checkExpressions(arguments, where + ".Arguments", problems);
        if (FieldValues.isExpression(arguments)) {
            return; // computed at run time; checked then
        }
        if (!(arguments instanceof Map<?, ?> args)) {
            problems.add(where + ".Arguments: an object is required");
            return;
        }
        if (task != null) {
            Tasks.validate(task, where, args, problems);
        }
    }

    /**
     * TimeoutSeconds or HeartbeatSeconds: a positive integer or a {% %} expression, and at most what one invocation
     * of the step function leaves a state ({@link DefinitionLimits}).
     *
     * @return the literal value when it is valid, else null
     */
    private Long taskSeconds(String where, Object value, long max) {
        if (value == null) {
            return null;
        }
        if (FieldValues.isExpression(value)) {
            JsonataTemplate.checkExpressions(value, where, problems);
            return null;
        }
        Long seconds = FieldValues.wholeValue(value);
        if (seconds == null || seconds < 1) {
            problems.add(where + ": must be a positive whole number of seconds or a {% %} expression");
            return null;
        }
        if (seconds > max) {
            problems.add(where + ": must be at most " + max + (max == definition.limits().maxTaskTimeoutSeconds()
                    ? " (a state runs within one invocation of the step function, and must end before it does)"
                    : ""));
            return null;
        }
        return seconds;
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
        if (!(value instanceof Map<?, ?> raw)) {
            problems.add(where + ": must be an object");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> rule = (Map<String, Object>) raw;
        StateFields.checkRule(where, rule.keySet(), problems);
        Object condition = rule.get("Condition");
        if (condition == null) {
            problems.add(where + ".Condition: is required");
        } else if (!(condition instanceof Boolean) && !FieldValues.isExpression(condition)) {
            problems.add(where + ".Condition: must be a {% %} expression or a boolean");
        } else {
            JsonataTemplate.checkExpressions(condition, where + ".Condition", problems);
        }
        if (rule.get("Next") == null) {
            problems.add(where + ".Next: is required");
        } else {
            checkTarget(where + ".Next", rule.get("Next"));
        }
        JsonataTemplate.checkExpressions(rule.get("Output"), where + ".Output", problems);
        if (rule.containsKey("Assign")) {
            assign.validate(where + ".Assign", rule.get("Assign"), scope.outerVariables(),
                    StatesBinding.INPUT_AND_CONTEXT);
        }
        values.comment(where + ".Comment", rule.get("Comment"));
    }

    /** Specification, "JSONata Wait State": exactly one of Seconds or Timestamp. */
    private void validateWait(String where, Map<String, Object> state) {
        boolean hasSeconds = state.containsKey("Seconds");
        boolean hasTimestamp = state.containsKey("Timestamp");
        if (hasSeconds == hasTimestamp) {
            problems.add(where + ": " + (hasSeconds ? "has both Seconds and Timestamp" : "has neither Seconds nor"
                    + " Timestamp") + "; a Wait state takes exactly one of them");
        }
        if (hasSeconds) {
            values.wholeNumberOrExpression(where + ".Seconds", state.get("Seconds"), 0, FieldValues.MAX_SECONDS,
                    "a non-negative integer");
        }
        if (hasTimestamp) {
            Object timestamp = state.get("Timestamp");
            if (FieldValues.isExpression(timestamp)) {
                JsonataTemplate.checkExpressions(timestamp, where + ".Timestamp", problems);
            } else if (!FieldValues.isTimestamp(timestamp)) {
                // Step Functions' message: "String does not match RFC3339 timestamp".
                problems.add(where + ".Timestamp: String does not match RFC3339 timestamp (e.g."
                        + " \"2016-03-14T01:59:00Z\"; or a {% %} expression)");
            }
        }
    }
}

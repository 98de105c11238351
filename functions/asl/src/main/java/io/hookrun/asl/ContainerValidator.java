package io.hookrun.asl;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of the two states that contain other states: Parallel ({@code Branches}, {@code Arguments}) and Map
 * ({@code ItemProcessor} and its {@code ProcessorConfig}, {@code Items}, {@code ItemSelector},
 * {@code MaxConcurrency}, {@code ToleratedFailureCount}, {@code ToleratedFailurePercentage}), from the Amazon States
 * Language specification ("Parallel State", "Map State") and the Step Functions developer guide ("Map state in
 * Inline mode"). The states inside a branch or an ItemProcessor are checked as a scope of their own by
 * {@link DefinitionValidator}; this class checks the container around them.
 */
final class ContainerValidator {

    private static final Set<String> BRANCH_FIELDS = Set.of("StartAt", "States", "Comment");
    private static final Set<String> PROCESSOR_FIELDS = Set.of("StartAt", "States", "Comment", "ProcessorConfig");

    private final List<String> problems;
    private final FieldValues values;

    ContainerValidator(List<String> problems) {
        this.problems = problems;
        this.values = new FieldValues(problems);
    }

    void validateParallel(String where, Map<String, Object> state) {
        JsonataTemplate.checkExpressions(state.get("Arguments"), where + ".Arguments", problems);
        Object branches = state.get("Branches");
        if (branches == null) {
            problems.add(where + ".Branches: is required");
            return;
        }
        if (!(branches instanceof List<?> list) || list.isEmpty()) {
            // Step Functions' message for an empty array: "Value cannot be empty".
            problems.add(where + ".Branches: must be a non-empty array of branches (Value cannot be empty)");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = where + ".Branches[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> branch)) {
                problems.add(at + ": a branch must be an object with StartAt and States");
                continue;
            }
            for (Object field : branch.keySet()) {
                if (!BRANCH_FIELDS.contains(field)) {
                    problems.add(at + "." + field + ": Field '" + field + "' is not supported in a branch (it takes"
                            + " StartAt, States and Comment)");
                }
            }
            values.comment(at + ".Comment", branch.get("Comment"));
        }
    }

    void validateMap(String where, Map<String, Object> state) {
        validateItemProcessor(where + ".ItemProcessor", state.get("ItemProcessor"));
        if (state.containsKey("Items")) {
            Object items = state.get("Items");
            if (FieldValues.isExpression(items) || items instanceof List<?>) {
                JsonataTemplate.checkExpressions(items, where + ".Items", problems);
            } else {
                problems.add(where + ".Items: must be a JSON array or a {% %} expression");
            }
        }
        JsonataTemplate.checkExpressions(state.get("ItemSelector"), where + ".ItemSelector", problems);
        if (state.containsKey("MaxConcurrency")) {
            values.wholeNumberOrExpression(where + ".MaxConcurrency", state.get("MaxConcurrency"), 0, Long.MAX_VALUE,
                    "a non-negative integer");
        }
        if (state.containsKey("ToleratedFailureCount")) {
            values.wholeNumberOrExpression(where + ".ToleratedFailureCount", state.get("ToleratedFailureCount"), 0,
                    Long.MAX_VALUE, "a non-negative integer");
        }
        if (state.containsKey("ToleratedFailurePercentage")) {
            Object percentage = state.get("ToleratedFailurePercentage");
            if (FieldValues.isExpression(percentage)) {
                JsonataTemplate.checkExpressions(percentage, where + ".ToleratedFailurePercentage", problems);
            } else if (!(percentage instanceof Number number) || number.doubleValue() < 0
                    || number.doubleValue() > 100) {
                // Specification, "Map State Failure Tolerance": "a number between zero and 100".
                problems.add(where + ".ToleratedFailurePercentage: must be a number from 0 to 100 or a {% %}"
                        + " expression");
            }
        }
    }

    private void validateItemProcessor(String where, Object value) {
        if (value == null) {
            problems.add(where + ": is required");
            return;
        }
        if (!(value instanceof Map<?, ?> processor)) {
            problems.add(where + ": must be an object with StartAt and States");
            return;
        }
        for (Object field : processor.keySet()) {
            if ("QueryLanguage".equals(field)) {
                // Step Functions refuses it here: "Field 'QueryLanguage' is not supported"; the states inside take the
                // state machine's language.
                problems.add(where + ".QueryLanguage: Field 'QueryLanguage' is not supported in an ItemProcessor (its"
                        + " states take the state machine's QueryLanguage)");
            } else if (!PROCESSOR_FIELDS.contains(field)) {
                problems.add(where + "." + field + ": Field '" + field + "' is not supported in an ItemProcessor (it"
                        + " takes StartAt, States, ProcessorConfig and Comment)");
            }
        }
        values.comment(where + ".Comment", processor.get("Comment"));
        if (processor.containsKey("ProcessorConfig")) {
            validateProcessorConfig(where + ".ProcessorConfig", processor.get("ProcessorConfig"));
        }
    }

    private void validateProcessorConfig(String where, Object value) {
        if (!(value instanceof Map<?, ?> config)) {
            problems.add(where + ": must be an object");
            return;
        }
        for (Object field : config.keySet()) {
            switch (String.valueOf(field)) {
                case "Mode" -> {
                    Object mode = config.get("Mode");
                    if ("DISTRIBUTED".equals(mode)) {
                        problems.add(where + ".Mode: Distributed Map is not supported (hookrun runs Map inline): use"
                                + " \"INLINE\"");
                    } else if (!"INLINE".equals(mode)) {
                        problems.add(where + ".Mode: must be \"INLINE\" or \"DISTRIBUTED\" (got "
                                + DefinitionValidator.describe(mode) + ")");
                    }
                }
                case "ExecutionType" -> problems.add(where + ".ExecutionType: 'ExecutionType' is a Distributed Map"
                        + " field, and Distributed Map is not supported (hookrun runs Map inline)");
                default -> problems.add(where + "." + field + ": Field '" + field + "' is not supported in a"
                        + " ProcessorConfig (it takes Mode)");
            }
        }
    }
}

package io.hookrun.asl;

import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fork and join of a Map state ("Map workflow state", "Using Map state in Inline mode"). The items are
 * {@code Items} (default: the state input), which must be an array; each item's input is {@code ItemSelector}
 * evaluated with {@code $states.context.Map.Item} ({@code Index}, {@code Value}), or the item itself. The result is
 * the iterations' outputs in item order.
 *
 * <p>Failures: in Inline mode (the default) "if any iteration fails, then the Map state fails" with that
 * iteration's error. {@code ToleratedFailureCount}/{@code ToleratedFailurePercentage} are Distributed-mode fields
 * (AWS accepts them on an inline Map and ignores them); they apply when {@code ItemProcessor.ProcessorConfig.Mode}
 * is {@code DISTRIBUTED}: more failures than tolerated fail the Map with {@code States.ExceedToleratedFailureThreshold}
 * and the cause "The specified tolerated failure threshold was exceeded" (recorded by LocalStack against AWS), a
 * tolerated failure takes its place in the result as {@code {"Status": "FAILED", "Error": ..., "Cause": ...}}, and a
 * threshold of 0 counts as not set, so without one any failure exceeds it (both measured on AWS by the sfnx project).
 */
final class MapFork {

    static final String EXCEEDED = "States.ExceedToleratedFailureThreshold";
    static final String EXCEEDED_CAUSE = "The specified tolerated failure threshold was exceeded";

    private MapFork() {
    }

    /** The branches to start, after evaluating Items, ItemSelector and MaxConcurrency. */
    static StepOutcome.Fork fork(String stateName, Map<String, Object> state, StatesVariable states,
                                 Map<String, Object> variables, int inlineConcurrencyCap) throws StateFailure {
        String where = "States." + stateName;
        List<?> items = items(stateName, state, states, variables);
        List<Object> inputs = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            inputs.add(state.containsKey("ItemSelector")
                    ? JsonataTemplate.evaluate(state.get("ItemSelector"), states.forItem(i, items.get(i)), variables,
                    where + ".ItemSelector")
                    : items.get(i));
        }
        Map<?, ?> processor = (Map<?, ?>) state.get("ItemProcessor");
        int concurrency = concurrency(where, state, states, variables, inlineConcurrencyCap);
        return new StepOutcome.Fork(List.of((String) processor.get("StartAt")), inputs, concurrency);
    }

    private static List<?> items(String stateName, Map<String, Object> state, StatesVariable states,
                                 Map<String, Object> variables) throws StateFailure {
        Map<String, Object> bound = states.plain();
        if (!state.containsKey("Items")) {
            Object input = bound.get("input");
            if (input instanceof List<?> list) {
                return list;
            }
            throw new StateFailure(JsonataTemplate.QUERY_EVALUATION_ERROR, "An error occurred while executing the state '"
                    + stateName + "'. Map state input must be an array but was: " + JsonValues.write(input));
        }
        Object template = state.get("Items");
        Object items = JsonataTemplate.evaluate(template, bound, variables, "States." + stateName + ".Items");
        if (items instanceof List<?> list) {
            return list;
        }
        throw StateInterpreter.unexpectedType("States." + stateName + ".Items", template, "array", items);
    }

    /**
     * {@code MaxConcurrency}, 0 or absent meaning no limit: an inline Map runs at most 40 iterations at once on AWS
     * ("Using Map state in Inline mode"), so no limit and any larger value are the cap.
     */
    private static int concurrency(String where, Map<String, Object> state, StatesVariable states,
                                   Map<String, Object> variables, int cap) throws StateFailure {
        if (!state.containsKey("MaxConcurrency")) {
            return cap;
        }
        Object value = JsonataTemplate.evaluate(state.get("MaxConcurrency"), states.plain(), variables,
                where + ".MaxConcurrency");
        if (!(value instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw StateInterpreter.unexpectedType(where + ".MaxConcurrency", state.get("MaxConcurrency"),
                    "non-negative integer", value);
        }
        long limit = n.longValue();
        return limit == 0 || limit > cap ? cap : (int) limit;
    }

    static boolean distributed(Map<String, Object> state) {
        return state.get("ItemProcessor") instanceof Map<?, ?> processor
                && processor.get("ProcessorConfig") instanceof Map<?, ?> config
                && "DISTRIBUTED".equals(config.get("Mode"));
    }

    /**
     * Whether {@code failed} of {@code total} iterations fail the Map. Tolerance expressions can only be evaluated
     * with the state's input, so {@code states} null (a readiness check) reads literal thresholds only and treats an
     * expression as "wait for every iteration".
     */
    static boolean exceeded(String stateName, Map<String, Object> state, int failed, int total,
                            @Nullable StatesVariable states, Map<String, Object> variables) throws StateFailure {
        if (failed == 0) {
            return false;
        }
        if (!distributed(state)) {
            return true;
        }
        Double count = threshold(stateName, state, "ToleratedFailureCount", states, variables);
        Double percentage = threshold(stateName, state, "ToleratedFailurePercentage", states, variables);
        if (count == null || percentage == null) {
            return false; // not known without the input: decided at the join
        }
        if (count == 0 && percentage == 0) {
            return true;
        }
        return count > 0 && failed > count || percentage > 0 && failed * 100.0 > percentage * total;
    }

    /** The threshold's value, 0 when absent, null when it is an expression and {@code states} is null. */
    @Nullable
    private static Double threshold(String name, Map<String, Object> state, String field,
                                    @Nullable StatesVariable states, Map<String, Object> variables) throws StateFailure {
        Object template = state.get(field);
        if (template == null) {
            return 0.0;
        }
        if (template instanceof Number n) {
            return n.doubleValue();
        }
        if (states == null) {
            return null;
        }
        Object value = JsonataTemplate.evaluate(template, states.plain(), variables, "States." + name + "." + field);
        double limit = "ToleratedFailurePercentage".equals(field) ? 100 : Double.MAX_VALUE;
        if (!(value instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > limit) {
            throw new StateFailure(ErrorMatching.RUNTIME, "An error occurred while executing the state '" + name + "'. "
                    + ("ToleratedFailurePercentage".equals(field) ? "ToleratedFailurePercentage must be between 0 and 100."
                    : "ToleratedFailureCount cannot be negative."));
        }
        return n.doubleValue();
    }

    /** The Map's result: one entry per iteration in item order, a tolerated failure as its failure record. */
    static List<Object> result(List<BranchResult> results) {
        List<Object> outputs = new ArrayList<>(results.size());
        for (BranchResult r : results) {
            if (r.succeeded()) {
                outputs.add(r.output());
            } else {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("Status", "FAILED");
                failure.putAll(Catchers.errorOutput(r.error(), r.cause()));
                outputs.add(failure);
            }
        }
        return outputs;
    }

    static String typeName(@Nullable Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "string";
            case Number n -> "number";
            case Boolean b -> "boolean";
            case List<?> l -> "array";
            default -> "object";
        };
    }
}

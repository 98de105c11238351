package io.hookrun.asl;

import com.dashjoin.jsonata.Jsonata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSONata in Step Functions' form: a string value {@code "{% expr %}"} anywhere inside {@code Arguments} or
 * {@code Output} (nested in objects and arrays) is replaced by the expression's result; other values stay
 * literal; keys are never evaluated. Expressions run with {@code $states} bound, under time and depth bounds
 * so that a runaway expression cannot stall a step. All JSONata work goes to the dashjoin library.
 */
public final class JsonataTemplate {

    /** The error name Step Functions uses for an expression that fails or yields the wrong kind of value. */
    public static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";

    private static final long TIMEOUT_MS = 5_000;
    private static final int MAX_DEPTH = 500;

    private JsonataTemplate() {
    }

    /** The expression inside {@code "{% ... %}"} (the whole string, trimmed), or null when {@code value} is not one. */
    public static String expressionOf(Object value) {
        if (value instanceof String s) {
            String trimmed = s.trim();
            if (trimmed.length() >= 4 && trimmed.startsWith("{%") && trimmed.endsWith("%}")) {
                return trimmed.substring(2, trimmed.length() - 2).trim();
            }
        }
        return null;
    }

    /** Adds a problem for every expression in {@code template} that does not compile; {@code where} names the field. */
    public static void checkExpressions(Object template, String where, List<String> problems) {
        String expression = expressionOf(template);
        if (expression != null) {
            if (expression.isEmpty()) {
                problems.add(where + ": the {% %} expression is empty");
                return;
            }
            try {
                Jsonata.jsonata(expression);
            } catch (RuntimeException e) {
                problems.add(where + ": JSONata does not parse: " + message(e));
            }
        } else if (template instanceof Map<?, ?> map) {
            map.forEach((k, v) -> checkExpressions(v, where + "." + k, problems));
        } else if (template instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkExpressions(list.get(i), where + "[" + i + "]", problems);
            }
        }
    }

    /**
     * A copy of {@code template} with every expression replaced by its result, evaluated with {@code $states}
     * bound to {@code states} (which should hold {@code input}, {@code context} and, for a Task's Output,
     * {@code result}). Results are {@linkplain JsonValues#plain plain} JSON values.
     *
     * @param where the field being evaluated, e.g. {@code States.Fetch.Output}; failures name it and the nested path
     * @throws StateFailure {@value #QUERY_EVALUATION_ERROR} when an expression fails or yields a non-JSON value
     */
    public static Object evaluate(Object template, Map<String, Object> states, String where) throws StateFailure {
        return evaluate(template, states, Map.of(), where);
    }

    /**
     * {@link #evaluate(Object, Map, String)} with the workflow variables visible to the state bound too, each as
     * {@code $name}.
     */
    public static Object evaluate(Object template, Map<String, Object> states, Map<String, Object> variables, String where)
            throws StateFailure {
        String expression = expressionOf(template);
        if (expression != null) {
            return evaluateExpression(expression, states, variables, where);
        }
        if (template instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                result.put(String.valueOf(e.getKey()), evaluate(e.getValue(), states, variables, where + "." + e.getKey()));
            }
            return result;
        }
        if (template instanceof List<?> list) {
            List<Object> result = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                result.add(evaluate(list.get(i), states, variables, where + "[" + i + "]"));
            }
            return result;
        }
        return template;
    }

    private static Object evaluateExpression(String expression, Map<String, Object> states, Map<String, Object> variables,
                                             String where) throws StateFailure {
        Object result;
        try {
            // Compiled per evaluation: a compiled expression keeps evaluation state and is not thread-safe.
            Jsonata compiled = Jsonata.jsonata(expression);
            Jsonata.Frame frame = compiled.createFrame();
            variables.forEach(frame::bind);
            frame.bind("states", states);
            frame.setRuntimeBounds(TIMEOUT_MS, MAX_DEPTH);
            result = compiled.evaluate(states.get("input"), frame);
        } catch (RuntimeException | StackOverflowError e) {
            throw new StateFailure(QUERY_EVALUATION_ERROR, where + ": the JSONata expression failed: " + message(e));
        }
        try {
            return JsonValues.plain(result);
        } catch (IllegalArgumentException e) {
            throw new StateFailure(QUERY_EVALUATION_ERROR, where + ": the JSONata expression returned "
                    + e.getMessage());
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

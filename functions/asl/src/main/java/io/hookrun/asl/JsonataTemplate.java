package io.hookrun.asl;

import com.dashjoin.jsonata.Jsonata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSONata in Step Functions' form: a string value {@code "{% expr %}"} anywhere inside a field such as
 * {@code Arguments} or {@code Output} (nested in objects and arrays) is replaced by the expression's result; other
 * values stay literal, {@code {}} and {@code []} included; keys are never evaluated. Only a string that starts with
 * {@code {%} and ends with {@code %}} is an expression: {@code " {% x %} "} is the literal text (recorded on AWS,
 * whose definitions keep {@code " {% states.input %} "} as it is). Whitespace inside the delimiters is trimmed.
 * <p>
 * Expressions see {@code $states}, the workflow variables as {@code $name}, and the functions Step Functions adds
 * ({@link StepFunctionsJsonataFunctions}); a variable cannot hide {@code $states} or those functions. A result that
 * is undefined (a missing field, {@code $doesNotExist}), a function, or an error fails the state with
 * {@value #QUERY_EVALUATION_ERROR} and AWS's cause, e.g. "An error occurred while executing the state 'S'. The
 * JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined)."
 * All JSONata work goes to the dashjoin library.
 */
public final class JsonataTemplate {

    /** The error name Step Functions uses for an expression that fails or yields the wrong kind of value. */
    public static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";

    /**
     * Why {@code $eval} is refused. The guide says of {@code $parse}: "JSONata supports this functionality via $eval;
     * however, $eval is not supported in Step Functions workflows."
     */
    static final String EVAL_NOT_SUPPORTED = "the JSONata function $eval is not supported in Step Functions workflows;"
            + " use $parse to read a JSON string";

    private static final String OPEN = "{%";
    private static final String CLOSE = "%}";

    private JsonataTemplate() {
    }

    /**
     * The expression inside {@code "{% ... %}"}, trimmed, or null when {@code value} is not exactly such a string
     * (text or whitespace before {@code {%} or after {@code %}} makes it a literal).
     */
    public static String expressionOf(Object value) {
        if (value instanceof String s && s.length() >= OPEN.length() + CLOSE.length()
                && s.startsWith(OPEN) && s.endsWith(CLOSE)) {
            return s.substring(OPEN.length(), s.length() - CLOSE.length()).trim();
        }
        return null;
    }

    /**
     * Adds a problem for every expression in {@code template} that does not compile, is empty, uses {@code $eval}
     * or makes a reference Step Functions refuses ({@link JsonataRestrictions}), for a field that can read
     * {@code $states.input} and {@code $states.context} only; {@code where} names the field.
     */
    public static void checkExpressions(Object template, String where, List<String> problems) {
        checkExpressions(template, where, StatesBinding.INPUT_AND_CONTEXT, problems);
    }

    /**
     * {@link #checkExpressions(Object, String, List)} for a field that can also read what {@code binding} adds to
     * {@code $states}.
     */
    static void checkExpressions(Object template, String where, StatesBinding binding, List<String> problems) {
        String expression = expressionOf(template);
        if (expression != null) {
            if (expression.isEmpty()) {
                problems.add(where + ": the {% %} expression is empty");
                return;
            }
            try {
                Jsonata.jsonata(expression);
            } catch (RuntimeException e) {
                // AWS's INVALID_JSONATA_EXPRESSION quotes the parser's message without its code (floci-io/floci#2745)
                problems.add(where + ": JSONata does not parse: " + JsonataExpression.JsonataError.of(e).message());
                return;
            }
            if (JsonataReferences.variables(expression).contains("$eval")) {
                problems.add(where + ": " + EVAL_NOT_SUPPORTED);
            }
            JsonataRestrictions.problems(expression, binding).forEach(problem -> problems.add(where + ": " + problem));
        } else if (template instanceof Map<?, ?> map) {
            map.forEach((k, v) -> checkExpressions(v, where + "." + k, binding, problems));
        } else if (template instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkExpressions(list.get(i), where + "[" + i + "]", binding, problems);
            }
        }
    }

    /**
     * A copy of {@code template} with every expression replaced by its result, evaluated with {@code $states}
     * bound to {@code states} (which should hold {@code input}, {@code context} and, where the state has them,
     * {@code result} or {@code errorOutput}) and no context value (the input is {@code $states.input}). Results are
     * {@linkplain JsonValues#plain plain} JSON values.
     *
     * @param where the field being evaluated in hookrun's form {@code States.<state>.<Field>}, e.g.
     *              {@code States.Fetch.Output}; causes name the state and the field as AWS does ({@code Output/result})
     * @throws StateFailure {@value #QUERY_EVALUATION_ERROR} when an expression fails, returns nothing (undefined)
     *                      or returns a value JSON cannot hold
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
        return fill(template, new JsonataScope(states, variables), JsonataField.of(where));
    }

    private static Object fill(Object template, JsonataScope scope, JsonataField field) throws StateFailure {
        String expression = expressionOf(template);
        if (expression != null) {
            return JsonataExpression.evaluate(expression, scope, field);
        }
        if (template instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                result.put(key, fill(e.getValue(), scope, field.key(key)));
            }
            return result;
        }
        if (template instanceof List<?> list) {
            List<Object> result = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                result.add(fill(list.get(i), scope, field.index(i)));
            }
            return result;
        }
        return JsonValues.plain(template);
    }
}

package io.hookrun.asl;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import io.micronaut.core.annotation.Nullable;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates one expression as Step Functions does: a result that is undefined, a function, or an error fails with
 * {@value JsonataTemplate#QUERY_EVALUATION_ERROR} and AWS's cause for it (see {@link JsonataField}). Runs under
 * time and depth bounds so that a runaway expression cannot stall a step.
 */
final class JsonataExpression {

    private static final long TIMEOUT_MS = 5_000;
    private static final int MAX_DEPTH = 500;
    /** JSONata's error codes: S0xxx syntax, T0xxx type, D1xxx-D3xxx dynamic, U1001 runaway. */
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Z]\\d{4}");
    /** The Java port renamed "function" to "Object" in its messages; JSONata's own messages have no "Object". */
    private static final Pattern PORTED_WORD = Pattern.compile("\\bObject\\b");
    private static final Pattern QUOTED_NUMBER = Pattern.compile("\"(\\d+)\"");
    /** The port fills JSONata's raw {@code {{{message}}}} placeholders as {@code {"message"}}. */
    private static final Pattern RAW_PLACEHOLDER = Pattern.compile("\\{\"((?:[^\"\\\\]|\\\\.)*)\"}");
    /** The port's {@code $number} lets Java's parse error out where JSONata throws D3030. */
    private static final Pattern UNPARSED_NUMBER = Pattern.compile("For input string: (\"[^\"]*\").*");
    /** The library's depth guard adds " Depth=501 max=500"; JSONata's guard message has no such tail. */
    private static final Pattern RUNAWAY_DETAIL = Pattern.compile(" Depth=\\d+ max=\\d+$");
    /** AWS's words for a runaway recursion (floci-io/floci#2737), and the library's, once spaced alike. */
    private static final String STACK_OVERFLOW =
            "Stack overflow error: Check for non-terminating recursive function. Consider rewriting as tail-recursive.";

    private JsonataExpression() {
    }

    /**
     * The plain JSON result of {@code expression}.
     *
     * @throws StateFailure {@value JsonataTemplate#QUERY_EVALUATION_ERROR}: "threw an error during evaluation",
     *                      "returned nothing (undefined)" or "returned an unsupported result type"
     */
    static Object evaluate(String expression, JsonataScope scope, JsonataField field) throws StateFailure {
        Object result;
        try {
            result = run(expression, scope);
        } catch (RuntimeException | StackOverflowError e) {
            throw failure(field.cause(expression, "threw an error during evaluation" + JsonataError.of(e).afterSentence()));
        }
        if (result == null && !exists(expression, scope)) {
            throw failure(field.cause(expression, "returned nothing (undefined)."));
        }
        try {
            return JsonValues.plain(result);
        } catch (IllegalArgumentException e) {
            throw failure(field.cause(expression, "returned an unsupported result type."));
        }
    }

    private static Object run(String expression, JsonataScope scope) {
        // Compiled per evaluation: a compiled expression keeps evaluation state and is not thread-safe.
        Jsonata compiled = Jsonata.jsonata(expression);
        compiled.setValidateInput(false); // the scope holds JSON values only; checking would walk the whole input each time
        // No context item: Step Functions provides no input document ("JSONata Restrictions"); see JsonataScope.
        return compiled.evaluate(null, scope.frame(compiled, TIMEOUT_MS, MAX_DEPTH));
    }

    /**
     * Whether a null result was JSON null rather than undefined: the library gives both back as {@code null}, and
     * only {@code $exists} tells them apart. Asked only when the result is null, so it costs a second run then.
     */
    private static boolean exists(String expression, JsonataScope scope) {
        try {
            return Boolean.TRUE.equals(run("$exists((" + expression + "\n))", scope));
        } catch (RuntimeException | StackOverflowError e) {
            return false;
        }
    }

    /**
     * An error as JSONata 2.0.6 reports it: its code, when it has one, and its message, both as AWS quotes them.
     *
     * @param code    {@code T1006}, {@code D3030}, ...; null for the runaway guards and Step Functions' functions
     * @param message {@code Attempted to invoke a non-function}, ...
     */
    record JsonataError(@Nullable String code, String message) {

        /**
         * How AWS goes on after "threw an error during evaluation": {@code ". T1006: Attempted to invoke a
         * non-function"} for a coded JSONata error, {@code ": Stack overflow error: ..."} for one without a code
         * (both forms recorded on AWS with TestState, floci-io/floci#2736 and #2737).
         */
        String afterSentence() {
            return code == null ? ": " + message : ". " + code + ": " + message;
        }

        static JsonataError of(Throwable e) {
            if (e instanceof JException j && j.getError() != null) {
                String code = j.getError();
                if (!ERROR_CODE.matcher(code).matches()) { // the library's runaway guard puts its message there
                    return new JsonataError(null, RUNAWAY_DETAIL.matcher(code).replaceAll("").replace(".  ", ". "));
                }
                String message = PORTED_WORD.matcher(j.getMessage()).replaceAll("function");
                message = QUOTED_NUMBER.matcher(message).replaceAll("$1");
                return new JsonataError(code, RAW_PLACEHOLDER.matcher(message).replaceAll("$1"));
            }
            if (e instanceof NumberFormatException && e.getMessage() != null) {
                Matcher unparsed = UNPARSED_NUMBER.matcher(e.getMessage());
                if (unparsed.matches()) {
                    return new JsonataError("D3030", "Unable to cast value to a number: " + unparsed.group(1));
                }
            }
            if (e instanceof StackOverflowError) {
                return new JsonataError(null, STACK_OVERFLOW);
            }
            return new JsonataError(null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static StateFailure failure(String cause) {
        return new StateFailure(JsonataTemplate.QUERY_EVALUATION_ERROR, cause);
    }
}

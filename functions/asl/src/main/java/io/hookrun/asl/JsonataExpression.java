package io.hookrun.asl;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;

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
            throw failure(field.cause(expression, "threw an error during evaluation. " + describe(e)));
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
        return compiled.evaluate(scope.input(), scope.frame(compiled, TIMEOUT_MS, MAX_DEPTH));
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

    /** JSONata's form of an error: {@code T1006: Attempted to invoke a non-function}, as AWS shows it. */
    static String describe(Throwable e) {
        if (e instanceof JException j) {
            String code = j.getError();
            if (code != null && ERROR_CODE.matcher(code).matches()) {
                String message = QUOTED_NUMBER.matcher(PORTED_WORD.matcher(j.getMessage()).replaceAll("function"))
                        .replaceAll("$1");
                return code + ": " + message;
            }
            if (code != null) { // the library's runaway guard puts its message where the code goes
                return code.startsWith("Stack overflow") || code.startsWith("Expression evaluation timeout")
                        ? "U1001: " + code : code;
            }
        }
        if (e instanceof StackOverflowError) {
            return "U1001: Stack overflow error: Check for non-terminating recursive function.  "
                    + "Consider rewriting as tail-recursive.";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static StateFailure failure(String cause) {
        return new StateFailure(JsonataTemplate.QUERY_EVALUATION_ERROR, cause);
    }
}

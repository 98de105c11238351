package io.hookrun.asl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The references a Step Functions JSONata expression may not make, found on its parse tree ({@link JsonataParseTree}).
 * From the Amazon States Language specification, "JSONata Restrictions":
 * <blockquote>The States Language does not implicitly provide an input document, so JSONata expressions cannot use
 * "$", "$$", or unqualified field names to reference it. [...] a JSONata expression MUST NOT reference "$" or
 * unqualified field names at the top level, but MAY reference "$" or unqualified field names nested inside an
 * expression. [...] a JSONata expression MUST NOT reference "$$".</blockquote>
 * AWS refuses such a definition at CreateStateMachine with, for example, {@code UNSUPPORTED_JSONATA_EXPRESSION:
 * Reference to 'phone' at the top level is not supported.} (recorded in floci-io/floci#2670; {@code $.phone} is
 * refused as {@code Reference to '$' ...}); that sentence is kept as the start of the problem. A name inside a
 * predicate, a sort, a grouping, an object constructor applied to a path or any later step of a path reads the value
 * the step before produced and is allowed; a lambda body keeps the context it is defined in, so a bare name there is
 * at the top level too.
 * <p>
 * And from "Reserved "states" Variable with JSONata": {@code $states.result} and {@code $states.errorOutput} only
 * where the state has them ({@link StatesBinding}), wherever in the expression they are read.
 */
final class JsonataRestrictions {

    private JsonataRestrictions() {
    }

    /**
     * What {@code expression} (which parses) references that Step Functions refuses in a field with {@code binding},
     * one sentence per distinct reference, in the order they are written.
     */
    static List<String> problems(String expression, StatesBinding binding) {
        JsonataParseTree tree = JsonataParseTree.parse(expression);
        List<String> problems = new ArrayList<>();
        Set<String> topLevel = new LinkedHashSet<>();
        topLevelReferences(tree, topLevel);
        for (String name : topLevel) {
            problems.add("Reference to '" + name + "' at the top level is not supported (a Step Functions expression"
                    + " has no input document: read the state input as $states.input"
                    + ("$".equals(name) ? "" : "." + name + ", or a variable as $" + name) + ")");
        }
        Set<String> anywhere = new LinkedHashSet<>();
        referencesAnywhere(tree, anywhere);
        if (anywhere.contains("$$")) {
            problems.add("$$ is not supported: it refers to the entire input document, which Step Functions does not"
                    + " provide (read the state input as $states.input, the context object as $states.context)");
        }
        if (anywhere.contains("result") && binding != StatesBinding.RESULT) {
            problems.add("$states.result is not available here: only the Output and Assign of a Task, Map or"
                    + " Parallel state can read the state's result");
        }
        if (anywhere.contains("errorOutput") && binding != StatesBinding.ERROR_OUTPUT) {
            problems.add("$states.errorOutput is not available here: only a Catcher's Output and Assign can read"
                    + " the error output");
        }
        return problems;
    }

    /** Field names and {@code $} read against the (absent) input document. */
    private static void topLevelReferences(JsonataParseTree node, Set<String> names) {
        if ("name".equals(node.type())) {
            names.add(node.value());
        } else if ("variable".equals(node.type()) && "".equals(node.value())) {
            names.add("$");
        }
        node.sameContext().forEach(child -> topLevelReferences(child, names));
    }

    /** {@code $$}, and the {@code $states} fields read ({@code result}, {@code errorOutput}), at any depth. */
    private static void referencesAnywhere(JsonataParseTree node, Set<String> found) {
        if ("variable".equals(node.type()) && "$".equals(node.value())) {
            found.add("$$");
        }
        List<JsonataParseTree> steps = node.steps();
        if (steps.size() >= 2 && "variable".equals(steps.get(0).type()) && "states".equals(steps.get(0).value())
                && "name".equals(steps.get(1).type())) {
            found.add(steps.get(1).value());
        }
        node.sameContext().forEach(child -> referencesAnywhere(child, found));
        node.nestedContext().forEach(child -> referencesAnywhere(child, found));
    }
}

package io.hookrun.asl;

import java.util.Map;
import java.util.Set;

/**
 * One {@code States} object of a definition: the top level, a Parallel branch or a Map ItemProcessor. Transitions
 * stay inside a scope (specification, "Parallel State": "states in a branch's States field can transition only to
 * each other, and no state outside of that States field can transition into it"; the same for ItemProcessor), and
 * each scope has its own variables.
 *
 * @param path           the location prefix of the scope's fields: empty at the top level, e.g.
 *                       {@code States.Fan.Branches[0].} or {@code States.Each.ItemProcessor.}
 * @param stateNames     the names of the scope's own states
 * @param outerVariables the variables assigned in the scopes around this one, each with where it is first assigned
 */
record StateScope(String path, Set<String> stateNames, Map<String, String> outerVariables) {

    /** Where the state {@code name} of this scope is, e.g. {@code States.Fan.Branches[0].States.Inner}. */
    String locationOf(String name) {
        return path + "States." + name;
    }

    /** The scope as messages name it. */
    String label() {
        return label(path);
    }

    /** The scope at location prefix {@code path} as messages name it, e.g. {@code States.Fan.Branches[0]}. */
    static String label(String path) {
        return path.isEmpty() ? "the top-level States" : path.substring(0, path.length() - 1);
    }
}

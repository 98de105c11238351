package io.hookrun.asl;

import java.util.List;

/**
 * A definition that cannot run, with every problem found (not just the first), each naming where it is,
 * e.g. {@code States.Fetch.Next: 'Nope' is not a state}, so that an API can answer all of them at once.
 */
public final class InvalidDefinitionException extends Exception {

    private final List<String> problems;

    public InvalidDefinitionException(List<String> problems) {
        super(problems.size() + " problem(s): " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

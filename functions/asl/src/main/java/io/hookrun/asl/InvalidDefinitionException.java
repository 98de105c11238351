package io.hookrun.asl;

import java.util.List;

/** A workflow definition that cannot run, with every problem found (not just the first). */
public class InvalidDefinitionException extends Exception {

    private final List<String> problems;

    public InvalidDefinitionException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

package io.hookrun.asl;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Definitions for the validator tests, written with {@code '} for {@code "} to keep them readable, and the problems
 * {@link StateMachine#parse} reports for them.
 */
final class ValidatorFixture {

    static final String HTTP = "arn:aws:states:::http:invoke";
    /** Arguments an http:invoke Task needs. */
    static final String GET = "'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'}";

    private ValidatorFixture() {
    }

    /** A JSONata definition starting at A with the given states. */
    static String definition(String states) {
        return json("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {" + states + "}}");
    }

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** An http:invoke Task named {@code name} with GET arguments and {@code extraFields} (ending it is up to them). */
    static String task(String name, String extraFields) {
        return "'" + name + "': {'Type': 'Task', 'Resource': '" + HTTP + "', " + GET + ", " + extraFields + "}";
    }

    /** The problems parse reports; fails the test when the definition is accepted. */
    static List<String> problems(String definitionJson) {
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class,
                () -> StateMachine.parse(definitionJson));
        assertThat(e).as("definition should be refused: %s", definitionJson).isNotNull();
        assertThat(e.problems()).isNotEmpty();
        assertThat(e.getMessage()).contains(e.problems().getFirst());
        return e.problems();
    }

    static List<String> problemsOfStates(String states) {
        return problems(definition(states));
    }

    /** Parses a definition that must be valid, failing the test with the problems otherwise. */
    static StateMachine valid(String definitionJson) {
        try {
            return StateMachine.parse(definitionJson);
        } catch (InvalidDefinitionException e) {
            throw new AssertionError("definition should be accepted, but: " + e.problems() + "\n" + definitionJson, e);
        }
    }

    static StateMachine validStates(String states) {
        return valid(definition(states));
    }
}

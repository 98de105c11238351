package io.hookrun.asl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.hookrun.asl.ValidatorFixture.problemsOfStates;
import static io.hookrun.asl.ValidatorFixture.validStates;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AssignValidator} through {@link StateMachine#parse}: Assign fields and variable names as the Amazon States
 * Language specification defines them ("State Machine Variables"). Scoping across branches is in
 * {@link DefinitionValidatorTest}.
 */
class AssignValidatorTest {

    /** A Pass state A assigning {@code bindings} (a JSON object text) and ending the machine. */
    private static String assigning(String bindings) {
        return "'A': {'Type': 'Pass', 'Assign': " + bindings + ", 'End': true}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "productName", "x1", "a_b", "café", "日本語", "Δ", "x\u0301"})
    void variableNameOfUnicodeIdentifierCharacters_isAccepted(String name) {
        assertThat(validStates(assigning("{'" + name + "': 1}")).state("A")).containsKey("Assign");
    }

    @Test
    void variableNameOf80Characters_isAccepted() {
        validStates(assigning("{'" + "v".repeat(80) + "': 1}"));
    }

    @Test
    void variableNameLongerThan80Characters_isRefused() {
        String name = "v".repeat(81);

        assertThat(problemsOfStates(assigning("{'" + name + "': 1}")))
                .containsExactly("States.A.Assign." + name + ": the variable name is longer than 80 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x", "my-var", "a b", "$x", "x$", "_x", "x!", "\u0301x"})
    void variableNameThatIsNotAUnicodeIdentifier_isRefused(String name) {
        // "_x": '_' is ID_Continue but not ID_Start (Unicode Standard Annex #31), so it cannot begin a name.
        assertThat(problemsOfStates(assigning("{'" + name + "': 1}")))
                .containsExactly("States.A.Assign." + name + ": '" + name + "' is not a valid variable name: it must"
                        + " start with a letter (Unicode ID_Start) and continue with letters, digits or '_' (Unicode"
                        + " ID_Continue)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.y", "x[2]"})
    void variableNameAddressingPartOfAVariable_isRefusedSayingSo(String name) {
        assertThat(problemsOfStates(assigning("{'" + name + "': 1}")))
                .singleElement().asString().endsWith("; a state cannot assign part of a variable");
    }

    @Test
    void emptyVariableName_isRefused() {
        assertThat(problemsOfStates(assigning("{'': 1}")))
                .containsExactly("States.A.Assign.: a variable name cannot be empty");
    }

    @Test
    void controlCharacterInAVariableName_isRefused() {
        // Java counts U+0000 as an identifier part ("ignorable"); Unicode's ID_Continue does not.
        assertThat(problemsOfStates(assigning("{'a\\u0000b': 1}")))
                .singleElement().asString().contains("is not a valid variable name");
    }

    @Test
    void reservedNameStates_isRefused() {
        assertThat(problemsOfStates(assigning("{'states': 1}")))
                .containsExactly("States.A.Assign.states: 'states' is reserved ($states is set by Step Functions in"
                        + " every state) and cannot be assigned");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "'{% {} %}'", "1", "null"})
    void assignThatIsNotAnObject_isRefused(String assign) {
        assertThat(problemsOfStates(assigning(assign)))
                .containsExactly("States.A.Assign: must be an object whose fields name the variables to assign");
    }

    @Test
    void emptyAssign_isAccepted() {
        validStates(assigning("{}"));
    }

    @Test
    void expressionsInAssignedValues_areChecked() {
        assertThat(problemsOfStates(assigning("{'ok': '{% 1 %}', 'nested': {'list': [1, '{% $states.input. %}']}}")))
                .singleElement().asString().startsWith("States.A.Assign.nested.list[1]: JSONata does not parse: ");
    }

    @Test
    void assignOnEveryKindOfHolder_isChecked() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Wait', 'Seconds': 1, 'Assign': {'1': 1}, 'Next': 'C'},
                'C': {'Type': 'Choice', 'Assign': {'2': 2}, 'Default': 'D',
                      'Choices': [{'Condition': true, 'Assign': {'3': 3}, 'Next': 'D'}]},
                'D': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', 'Assign': {'4': 4},
                      'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'},
                      'Catch': [{'ErrorEquals': ['States.ALL'], 'Assign': {'5': 5}, 'Next': 'E'}], 'Next': 'E'},
                'E': {'Type': 'Succeed'}"""))
                .extracting(p -> p.substring(0, p.indexOf(':')))
                .containsExactly("States.A.Assign.1", "States.C.Assign.2", "States.C.Choices[0].Assign.3",
                        "States.D.Assign.4", "States.D.Catch[0].Assign.5");
    }
}

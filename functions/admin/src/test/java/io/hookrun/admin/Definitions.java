package io.hookrun.admin;

/** Workflow definitions the admin tests store. */
final class Definitions {

    /** A valid one-state definition. */
    static final String VALID = """
            {"QueryLanguage": "JSONata", "StartAt": "Done",
             "States": {"Done": {"Type": "Succeed", "Output": "{% $states.input %}"}}}""";

    /**
     * Six problems at once: an unknown Next, a missing End, JSONata that does not parse, a JSONPath-only field in a
     * JSONata state, two unreachable states.
     */
    static final String SIX_PROBLEMS = """
            {"QueryLanguage": "JSONata", "StartAt": "First", "States": {
              "First": {"Type": "Pass", "Next": "Nowhere"},
              "Second": {"Type": "Pass", "Output": "{% $states.input.( %}"},
              "Third": {"Type": "Pass", "Parameters": {"a": 1}, "End": true}
            }}""";

    private Definitions() {
    }
}

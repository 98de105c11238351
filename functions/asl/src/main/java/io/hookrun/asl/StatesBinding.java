package io.hookrun.asl;

/**
 * Which fields of {@code $states} a JSONata field can read, from the Amazon States Language specification, "Reserved
 * "states" Variable with JSONata" and "Using Arguments and Output": {@code $states.input} and
 * {@code $states.context} everywhere; {@code $states.result} only in the top-level {@code Output} and {@code Assign}
 * of a Task, Map or Parallel state; {@code $states.errorOutput} only in a Catcher's {@code Output} and
 * {@code Assign}. ("Arguments" MAY reference {@code $states.input} and {@code $states.context}, but MUST NOT
 * reference {@code $states.result} or {@code $states.errorOutput}.)
 */
enum StatesBinding {

    /** {@code input} and {@code context} only: Arguments, Items, ItemSelector, Conditions, Pass/Choice/Wait fields. */
    INPUT_AND_CONTEXT,
    /** With {@code result}: a Task's, Map's or Parallel's own top-level Output and Assign. */
    RESULT,
    /** With {@code errorOutput}: a Catcher's Output and Assign. */
    ERROR_OUTPUT;

    /** The binding of a state's own top-level Output and Assign. */
    static StatesBinding ofStateOutput(String stateType) {
        return switch (stateType) {
            case "Task", "Map", "Parallel" -> RESULT;
            default -> INPUT_AND_CONTEXT;
        };
    }
}

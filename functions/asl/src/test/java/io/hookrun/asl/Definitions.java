package io.hookrun.asl;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test shorthand: definitions and JSON written with {@code '} for {@code "}, and step inputs. */
final class Definitions {

    static final Instant RUN_START = Instant.parse("2025-03-04T05:06:07Z");
    static final ExecutionContext CONTEXT = new ExecutionContext("run-42", "wf-orders", "run-42",
            Map.of("orderId", "o-9"), RUN_START, RUN_START.plusSeconds(1), 0, "run-42:0");

    private Definitions() {
    }

    /** A JSONata machine starting at {@code startAt} whose {@code States} object holds {@code states}. */
    static StateMachine machine(String startAt, String states) throws InvalidDefinitionException {
        return StateMachine.parse(("{'QueryLanguage': 'JSONata', 'StartAt': '" + startAt + "', 'States': {" + states + "}}")
                .replace('\'', '"'), DefinitionLimits.UNCAPPED);
    }

    static Object json(String singleQuotedJson) {
        return JsonValues.parse(singleQuotedJson.replace('\'', '"'));
    }

    /** A first attempt of a state with this input and no variables. */
    static StepInput in(Object input) {
        return new StepInput(input, Map.of(), CONTEXT, List.of());
    }

    static StepInput in(Object input, Map<String, Object> variables) {
        return new StepInput(input, variables, CONTEXT, List.of());
    }
}

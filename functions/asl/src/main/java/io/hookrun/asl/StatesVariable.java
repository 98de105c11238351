package io.hookrun.asl;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code $states} as Step Functions binds it in JSONata mode ("Transforming data with JSONata", the Context
 * object): {@code input} everywhere, {@code context} everywhere, {@code result} in the Output and Assign of a Task,
 * Parallel or Map, {@code errorOutput} in a Catcher's Output and Assign. Each method returns a new map: the bindings
 * of one field never leak into another.
 */
final class StatesVariable {

    /**
     * How the context object writes times: ISO 8601 in UTC with milliseconds, as in the AWS documentation's
     * example ({@code "StartTime": "2019-03-26T20:14:13.192Z"}) and as {@code $now()} writes them.
     */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * The state types whose context has {@code State.RetryCount}: the ones with a Retry field. Measured on AWS (sfnx
     * project notes): a Pass or Succeed state's context has no RetryCount.
     */
    private static final Set<String> RETRYING_TYPES = Set.of("Task", "Parallel", "Map");

    private final Map<String, Object> context;
    private final Object input;

    private StatesVariable(Object input, Map<String, Object> context) {
        this.input = input;
        this.context = context;
    }

    /** {@code $states} for state {@code stateName} of type {@code stateType}, entered with {@code input}. */
    static StatesVariable of(String stateName, String stateType, Object input, ExecutionContext execution) {
        Map<String, Object> executionObject = new LinkedHashMap<>();
        executionObject.put("Id", execution.runId());
        executionObject.put("Input", execution.runInput());
        executionObject.put("Name", execution.executionName());
        executionObject.put("StartTime", time(execution.runStartTime()));
        executionObject.put("RedriveCount", 0);
        Map<String, Object> stateMachine = new LinkedHashMap<>();
        stateMachine.put("Id", execution.workflowId());
        stateMachine.put("Name", execution.workflowId());
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("EnteredTime", time(execution.stateEnteredTime()));
        state.put("Name", stateName);
        if (RETRYING_TYPES.contains(stateType)) {
            state.put("RetryCount", execution.retryCount());
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("Execution", executionObject);
        context.put("StateMachine", stateMachine);
        context.put("State", state);
        if (execution.taskToken() != null) {
            context.put("Task", Map.of("Token", execution.taskToken()));
        }
        return new StatesVariable(input, context);
    }

    @Nullable
    static String time(@Nullable Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    /** For Arguments, Items, Choice conditions, Wait fields, Fail fields and the Output/Assign of states without a result. */
    Map<String, Object> plain() {
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("input", input);
        states.put("context", context);
        return states;
    }

    /** For the Output and Assign of a Task, Parallel or Map: {@code result} added. */
    Map<String, Object> withResult(Object result) {
        Map<String, Object> states = plain();
        states.put("result", result);
        return states;
    }

    /** For a Catcher's Output and Assign: {@code errorOutput} added. */
    Map<String, Object> withErrorOutput(Map<String, Object> errorOutput) {
        Map<String, Object> states = plain();
        states.put("errorOutput", errorOutput);
        return states;
    }

    /**
     * For a Map's ItemSelector: {@code context.Map.Item} holds the item's {@code Index} and {@code Value}, readable
     * only there ("ItemSelector (Map)").
     */
    Map<String, Object> forItem(int index, Object value) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("Index", index);
        item.put("Value", value);
        Map<String, Object> withItem = new LinkedHashMap<>(context);
        withItem.put("Map", Map.of("Item", item));
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("input", input);
        states.put("context", withItem);
        return states;
    }
}

package io.hookrun.asl;

import io.hookrun.core.time.Deadline;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes one state of a {@link StateMachine} as AWS Step Functions does in JSONata mode: evaluate
 * {@code Arguments}, do the work, evaluate {@code Output} (default: the task result, or the input), pick the
 * next state. One state per call, because hookrun runs each state in its own queue message; persisting the
 * outcome and moving on is the caller's job. Stateless apart from the HTTP invoker: safe to share.
 */
public final class StateInterpreter {

    private final HttpTask httpTask;

    /** An interpreter whose HTTP calls may use all the time a deadline leaves. */
    public StateInterpreter(HttpInvoker http) {
        this(http, Duration.ZERO);
    }

    /**
     * @param deadlineMargin what every HTTP call leaves of the time its deadline has left: the caller's time to
     *                       record the result before the invocation ends
     */
    public StateInterpreter(HttpInvoker http, Duration deadlineMargin) {
        this.httpTask = new HttpTask(http, deadlineMargin);
    }

    /** {@link #execute(StateMachine, String, Object, ExecutionContext, Deadline)} with no deadline. */
    public StepOutcome execute(StateMachine machine, String stateName, Object input, ExecutionContext context)
            throws TransientStepException {
        return execute(machine, stateName, input, context, Deadline.none());
    }

    /**
     * Runs state {@code stateName} on {@code input} (a plain JSON value).
     *
     * @param deadline when the invocation running the state ends: an HTTP call waits at most its {@code TimeoutSeconds}
     *                 and at most what the deadline leaves minus the margin
     * @return where to go next, or how the run ends; every permanent failure is a {@link StepOutcome.Failed}
     * @throws TransientStepException when an HTTP call got no response (or no time was left to make it): run the
     *                                same step again later
     * @throws IllegalArgumentException when the machine has no state {@code stateName}
     */
    public StepOutcome execute(StateMachine machine, String stateName, Object input, ExecutionContext context,
                               Deadline deadline) throws TransientStepException {
        Map<String, Object> state = machine.state(stateName);
        Map<String, Object> states = statesVariable(stateName, input, context);
        String where = "States." + stateName;
        try {
            return switch (machine.stateType(stateName)) {
                case "Pass" -> next(state, output(state, states, input, where));
                case "Task" -> {
                    Object arguments = JsonataTemplate.evaluate(state.get("Arguments"), states, where + ".Arguments");
                    Map<String, Object> result = httpTask.invoke(stateName, arguments, state.get("TimeoutSeconds"), context,
                            deadline);
                    states.put("result", result);
                    yield next(state, output(state, states, result, where));
                }
                case "Choice" -> choose(state, states, input, where);
                case "Succeed" -> new StepOutcome.Succeeded(output(state, states, input, where));
                case "Fail" -> new StepOutcome.Failed(
                        text(JsonataTemplate.evaluate(state.getOrDefault("Error", "States.Fail"), states, where + ".Error")),
                        text(JsonataTemplate.evaluate(state.getOrDefault("Cause", ""), states, where + ".Cause")));
                default -> throw new IllegalStateException("validated definitions have no state type " + state.get("Type"));
            };
        } catch (StateFailure failure) {
            return new StepOutcome.Failed(failure.error(), failure.cause());
        } catch (ArithmeticException e) {
            // Numbers from the definition or the data that overflow what Java can compute with: the same values
            // would overflow on every retry, so the state fails for good instead of looping until the DLQ.
            return new StepOutcome.Failed("States.Runtime", where + ": a number is out of range: " + e.getMessage());
        }
    }

    private static StepOutcome choose(Map<String, Object> state, Map<String, Object> states, Object input, String where)
            throws StateFailure {
        List<?> choices = (List<?>) state.get("Choices");
        for (int i = 0; i < choices.size(); i++) {
            Map<?, ?> choice = (Map<?, ?>) choices.get(i);
            String rule = where + ".Choices[" + i + "]";
            Object matched = JsonataTemplate.evaluate(choice.get("Condition"), states, rule + ".Condition");
            if (!(matched instanceof Boolean b)) {
                throw new StateFailure(JsonataTemplate.QUERY_EVALUATION_ERROR, rule + ".Condition: evaluated to "
                        + (matched == null ? "null or nothing" : JsonValues.write(matched)) + ", not a boolean");
            }
            if (b) {
                Object output = choice.containsKey("Output")
                        ? JsonataTemplate.evaluate(choice.get("Output"), states, rule + ".Output")
                        : output(state, states, input, where);
                return new StepOutcome.Continue((String) choice.get("Next"), output);
            }
        }
        if (state.get("Default") instanceof String fallback) {
            return new StepOutcome.Continue(fallback, output(state, states, input, where));
        }
        throw new StateFailure("States.NoChoiceMatched", where + ": no choice rule matched and there is no Default");
    }

    private static StepOutcome next(Map<String, Object> state, Object output) {
        return Boolean.TRUE.equals(state.get("End"))
                ? new StepOutcome.Succeeded(output) : new StepOutcome.Continue((String) state.get("Next"), output);
    }

    private static Object output(Map<String, Object> state, Map<String, Object> states, Object fallback, String where)
            throws StateFailure {
        return state.containsKey("Output") ? JsonataTemplate.evaluate(state.get("Output"), states, where + ".Output") : fallback;
    }

    /** {@code $states}: the state input and the context object; the Task adds {@code result}. */
    private static Map<String, Object> statesVariable(String stateName, Object input, ExecutionContext context) {
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("Id", context.runId());
        execution.put("Input", context.runInput());
        execution.put("StartTime", iso(context.runStartTime()));
        Map<String, Object> stateInfo = new LinkedHashMap<>();
        stateInfo.put("Name", stateName);
        stateInfo.put("EnteredTime", iso(context.stateEnteredTime()));
        Map<String, Object> stateMachine = new LinkedHashMap<>();
        stateMachine.put("Id", context.workflowId());
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("Execution", execution);
        ctx.put("State", stateInfo);
        ctx.put("StateMachine", stateMachine);
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("input", input);
        states.put("context", ctx);
        return states;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String text(Object value) {
        return value == null ? null : value instanceof String s ? s : JsonValues.write(value);
    }
}

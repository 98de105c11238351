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

    /**
     * Runs state {@code stateName} (of the machine or of any branch nested in it) once.
     *
     * @param deadline when the invocation running the state ends: an HTTP call waits at most its {@code TimeoutSeconds}
     *                 and at most what the deadline leaves minus the margin
     * @return where to go next, how the frame ends, a retry, a caught error, or the branches to fork (Map, Parallel)
     * @throws TransientStepException when too little time was left to make a Task's call: run the same step again
     *                                later, nothing happened
     */
    public StepOutcome execute(StateMachine machine, String stateName, StepInput in, Deadline deadline)
            throws TransientStepException {
        throw new UnsupportedOperationException("contract stub");
    }

    /**
     * Finishes a Map or Parallel state whose branches are done: the result is the branches' outputs in index order;
     * then Output, Assign, and on failure (a failed branch, too many failed iterations) Retry and Catch, as for a Task.
     */
    public StepOutcome join(StateMachine machine, String stateName, StepInput in, List<BranchResult> results) {
        throw new UnsupportedOperationException("contract stub");
    }

    /**
     * Whether the Map or Parallel state can be joined now: every branch ended, or the state failed already (a Parallel
     * branch failed; more Map iterations failed than tolerated).
     */
    public boolean joinReady(StateMachine machine, String stateName, int total, int open, int failed) {
        throw new UnsupportedOperationException("contract stub");
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

package io.hookrun.asl;

import io.hookrun.core.time.Deadline;
import io.micronaut.core.annotation.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Executes one state of a {@link StateMachine} as AWS Step Functions does in JSONata mode: evaluate
 * {@code Arguments}, do the work, evaluate {@code Assign} and {@code Output}, pick the next state; on an error, apply
 * {@code Retry} and {@code Catch}. One state per call, because hookrun runs each state in its own queue message;
 * persisting the outcome, waiting, forking and joining are the caller's job (docs/adr/0005). Pure apart from the HTTP
 * call, the clock (Wait) and the random source (retry jitter), which are injected: safe to share.
 *
 * <p>Data flow ("Transforming data with JSONata", "Passing data between states with variables"):
 * <ul>
 *   <li>Output defaults: a Task's is {@code $states.result}, a Parallel's or Map's the result array, a Pass's, Wait's,
 *       Choice's and Succeed's the input, a Catcher's {@code $states.errorOutput}.</li>
 *   <li>{@code Assign} and {@code Output} both see the variables from before the state; the new values are visible
 *       from the next state on. {@link StepInput#variables()} is the visible scope (outer scopes flattened in); every
 *       outcome that goes on carries the whole scope after the state.</li>
 *   <li>A Choice rule that matches applies its own {@code Assign} and {@code Output} (default: the input) and not the
 *       state's; the state's apply only when the Default is taken (recorded by LocalStack against AWS for Output,
 *       measured by the sfnx project for Assign).</li>
 *   <li>Errors while evaluating a Task's, Parallel's or Map's Arguments, Items, Assign or Output are the state's
 *       errors and go through its Retry and Catch like the work's own (measured with TestState by the sfnx
 *       project).</li>
 * </ul>
 */
public final class StateInterpreter {

    /** AWS's limit for an inline Map: "the Map state supports up to 40 concurrent iterations". */
    public static final int INLINE_MAP_CONCURRENCY = 40;

    private static final Set<String> RECOVERING_TYPES = Set.of("Task", "Parallel", "Map");

    private final Tasks tasks;
    private final Clock clock;
    private final RandomGenerator random;
    private final int inlineMapConcurrency;

    /** An interpreter whose HTTP calls may use all the time a deadline leaves; system clock, default randomness. */
    public StateInterpreter(HttpInvoker http) {
        this(http, Duration.ZERO);
    }

    /**
     * @param deadlineMargin what every HTTP call leaves of the time its deadline has left: the caller's time to
     *                       record the result before the invocation ends
     */
    public StateInterpreter(HttpInvoker http, Duration deadlineMargin) {
        this(http, deadlineMargin, Clock.systemUTC(), RandomGenerator.getDefault(), INLINE_MAP_CONCURRENCY);
    }

    /**
     * @param clock                now, for Wait states
     * @param random               the jitter of retriers with {@code JitterStrategy: FULL}
     * @param inlineMapConcurrency how many iterations of a Map run at once at most, whatever its MaxConcurrency
     */
    public StateInterpreter(HttpInvoker http, Duration deadlineMargin, Clock clock, RandomGenerator random,
                            int inlineMapConcurrency) {
        this(Tasks.withoutConnections(http, deadlineMargin), clock, random, inlineMapConcurrency);
    }

    /**
     * @param tasks                the Task integrations (their HTTP transport, connections and deadline margin)
     * @param clock                now, for Wait states and callback deadlines
     * @param random               the jitter of retriers with {@code JitterStrategy: FULL}
     * @param inlineMapConcurrency how many iterations of a Map run at once at most, whatever its MaxConcurrency
     */
    public StateInterpreter(Tasks tasks, Clock clock, RandomGenerator random, int inlineMapConcurrency) {
        if (inlineMapConcurrency < 1) {
            throw new IllegalArgumentException("inlineMapConcurrency must be at least 1, got " + inlineMapConcurrency);
        }
        this.tasks = tasks;
        this.clock = clock;
        this.random = random;
        this.inlineMapConcurrency = inlineMapConcurrency;
    }

    /**
     * Runs state {@code stateName} (of the machine or of any branch nested in it) once.
     *
     * @param deadline when the invocation running the state ends: an HTTP call waits at most its {@code TimeoutSeconds}
     *                 and at most what the deadline leaves minus the margin
     * @return where to go next, how the frame ends, a retry, a caught error, or the branches to fork (Map, Parallel)
     * @throws TransientStepException when too little time was left to make or finish a Task's call: run the same step
     *                                again later
     * @throws IllegalArgumentException when the machine has no state {@code stateName}
     */
    public StepOutcome execute(StateMachine machine, String stateName, StepInput in, Deadline deadline)
            throws TransientStepException {
        Map<String, Object> state = machine.state(stateName);
        String type = machine.stateType(stateName);
        StatesVariable states = StatesVariable.of(stateName, type, in.input(), in.context());
        Map<String, Object> variables = in.variables();
        String where = "States." + stateName;
        return recovering(type, state, states, in, where, () -> switch (type) {
            case "Pass" -> finish(state, states.plain(), in.input(), variables, where, null);
            case "Wait" -> finish(state, states.plain(), in.input(), variables, where,
                    WaitTimes.until(stateName, state, states.plain(), variables, clock.instant()));
            case "Choice" -> choose(state, states.plain(), in.input(), variables, where);
            case "Succeed" -> new StepOutcome.Succeeded(output(state, states.plain(), in.input(), variables, where));
            case "Fail" -> fail(state, states.plain(), variables, where);
            case "Task" -> task(stateName, state, states, variables, where, in.context(), deadline);
            case "Parallel" -> ParallelFork.fork(stateName, state, states, variables);
            case "Map" -> MapFork.fork(stateName, state, states, variables, inlineMapConcurrency);
            default -> throw new IllegalStateException("validated definitions have no state type " + type);
        });
    }

    /**
     * Finishes a Map or Parallel state whose branches are done: the result is the branches' outputs in index order;
     * then Output, Assign, and on failure (a failed branch, too many failed iterations) Retry and Catch, as for a Task.
     *
     * @param in      the state's own input, its entry variables, context and retry counts
     * @param results the ended branches in index order (all of them, unless the state failed early)
     */
    public StepOutcome join(StateMachine machine, String stateName, StepInput in, List<BranchResult> results) {
        Map<String, Object> state = machine.state(stateName);
        String type = machine.stateType(stateName);
        StatesVariable states = StatesVariable.of(stateName, type, in.input(), in.context());
        String where = "States." + stateName;
        return recovering(type, state, states, in, where, () -> {
            int failed = 0;
            BranchResult firstFailure = null;
            for (BranchResult r : results) {
                if (!r.succeeded()) {
                    failed++;
                    firstFailure = firstFailure == null ? r : firstFailure;
                }
            }
            List<Object> result;
            if ("Map".equals(type)) {
                if (MapFork.exceeded(stateName, state, failed, results.size(), states, in.variables())) {
                    return MapFork.distributed(state)
                            ? recover(type, state, MapFork.EXCEEDED, MapFork.EXCEEDED_CAUSE, states, in, where)
                            : recover(type, state, firstFailure.error(), firstFailure.cause(), states, in, where);
                }
                result = MapFork.result(results);
            } else if ("Parallel".equals(type)) {
                if (firstFailure != null) {
                    return recover(type, state, firstFailure.error(), firstFailure.cause(), states, in, where);
                }
                result = new ArrayList<>(results.size());
                for (BranchResult r : results) {
                    result.add(r.output());
                }
            } else {
                throw new IllegalArgumentException("state '" + stateName + "' is a " + type + " state, not a Map or Parallel");
            }
            return finish(state, states.withResult(result), result, in.variables(), where, null);
        });
    }

    /**
     * Whether the Map or Parallel state can be joined now: every branch ended, or the state failed already (a Parallel
     * branch failed; an inline Map iteration failed; a Distributed Map has more failed iterations than tolerated).
     *
     * @param total  how many branches the state forked
     * @param open   how many of them have not ended
     * @param failed how many of them failed
     */
    public boolean joinReady(StateMachine machine, String stateName, int total, int open, int failed) {
        if (open <= 0) {
            return true;
        }
        String type = machine.stateType(stateName);
        if ("Parallel".equals(type)) {
            return failed > 0;
        }
        if ("Map".equals(type)) {
            try {
                return MapFork.exceeded(stateName, machine.state(stateName), failed, total, null, Map.of());
            } catch (StateFailure e) {
                throw new IllegalStateException("literal thresholds never fail to evaluate", e);
            }
        }
        throw new IllegalArgumentException("state '" + stateName + "' is a " + type + " state, not a Map or Parallel");
    }

    private StepOutcome task(String stateName, Map<String, Object> state, StatesVariable states,
                             Map<String, Object> variables, String where, ExecutionContext context, Deadline deadline)
            throws StateFailure, TransientStepException {
        TaskResource resource = TaskResource.parse(state.get("Resource")).orElseThrow(
                () -> new IllegalStateException("validated definitions have known Task resources"));
        Object arguments = JsonataTemplate.evaluate(state.get("Arguments"), states.plain(), variables, where + ".Arguments");
        Object timeoutSeconds = seconds(state, "TimeoutSeconds", states, variables, where);
        if (!resource.waitForTaskToken()) {
            Object result = tasks.integration(resource).invoke(
                    new TaskIntegration.TaskCall(stateName, arguments, timeoutSeconds, context, deadline));
            return finish(state, states.withResult(result), result, variables, where, null);
        }
        // The call hands the task token over; its answer is not the result (the callback's is), but its failure is the
        // Task's. TimeoutSeconds and HeartbeatSeconds bound the wait, counted from now; the call keeps its own limit.
        tasks.integration(resource).invoke(new TaskIntegration.TaskCall(stateName, arguments, null, context, deadline));
        Object heartbeatSeconds = seconds(state, "HeartbeatSeconds", states, variables, where);
        Instant now = clock.instant();
        return new StepOutcome.Paused(after(now, timeoutSeconds), after(now, heartbeatSeconds));
    }

    /**
     * Finishes a paused {@code .waitForTaskToken} Task (see {@link StepOutcome.Paused}) with its callback's answer or
     * the deadline that passed: Output and Assign with the callback's output as {@code $states.result}, or Retry and
     * Catch for a failure, as for any Task. {@code in} is the state's input, variables and context as when it ran.
     */
    public StepOutcome resume(StateMachine machine, String stateName, StepInput in, StepOutcome.Resumption resumption) {
        Map<String, Object> state = machine.state(stateName);
        String type = machine.stateType(stateName);
        StatesVariable states = StatesVariable.of(stateName, type, in.input(), in.context());
        String where = "States." + stateName;
        return recovering(type, state, states, in, where, () -> switch (resumption) {
            case StepOutcome.Resumption.Answered answered -> finish(state, states.withResult(answered.output()),
                    answered.output(), in.variables(), where, null);
            case StepOutcome.Resumption.Failed failed -> throw new StateFailure(failed.error(), failed.cause());
        });
    }

    @Nullable
    private static Object seconds(Map<String, Object> state, String field, StatesVariable states,
                                  Map<String, Object> variables, String where) throws StateFailure {
        return state.containsKey(field)
                ? JsonataTemplate.evaluate(state.get(field), states.plain(), variables, where + "." + field)
                : null;
    }

    @Nullable
    private static Instant after(Instant now, @Nullable Object seconds) {
        return seconds instanceof Number n && n.longValue() > 0 ? now.plusSeconds(n.longValue()) : null;
    }

    /** A state's work: it may fail with a Step Functions error, and a Task may run out of invocation time ({@code X}). */
    private interface StateWork<X extends Exception> {
        StepOutcome run() throws StateFailure, X;
    }

    /**
     * Runs a state's {@code work}: its failure goes through the state's Retry and Catch ({@link #recover}); a failure of
     * a Catcher's own Output or Assign fails the state with that error; numbers out of range fail it
     * {@code States.Runtime}.
     */
    private <X extends Exception> StepOutcome recovering(String type, Map<String, Object> state, StatesVariable states,
                                                        StepInput in, String where, StateWork<X> work) throws X {
        try {
            try {
                return work.run();
            } catch (StateFailure failure) {
                return recover(type, state, failure.error(), failure.cause(), states, in, where);
            }
        } catch (StateFailure failure) {
            return new StepOutcome.Failed(failure.error(), failure.cause()); // a Catcher's own Output or Assign failed
        } catch (ArithmeticException e) {
            return outOfRange(where, e);
        }
    }

    /**
     * A failure of a state: a retry if a retrier takes it, else a catch if a Catcher does (both only on Task,
     * Parallel and Map), else the frame fails.
     *
     * @throws StateFailure when the Catcher's own Output or Assign fails: the state fails with that error
     */
    private StepOutcome recover(String type, Map<String, Object> state, @Nullable String error, @Nullable String cause,
                                StatesVariable states, StepInput in, String where) throws StateFailure {
        if (RECOVERING_TYPES.contains(type)) {
            StepOutcome.Retry retry = Retriers.retry(state, error, cause, in.retries(), random);
            if (retry != null) {
                return retry;
            }
            StepOutcome.Caught caught = Catchers.caught(state, error, cause, states, in.variables(), where);
            if (caught != null) {
                return caught;
            }
        }
        return new StepOutcome.Failed(error, cause);
    }

    /** Assign, Output (default {@code fallback}), then Next or End. */
    private static StepOutcome finish(Map<String, Object> state, Map<String, Object> states, Object fallback,
                                      Map<String, Object> variables, String where, @Nullable Instant notBefore)
            throws StateFailure {
        Object output = output(state, states, fallback, variables, where);
        Map<String, Object> scope = Assignments.apply(state, states, variables, where);
        return Boolean.TRUE.equals(state.get("End"))
                ? new StepOutcome.Succeeded(output, notBefore)
                : new StepOutcome.Continue((String) state.get("Next"), output, scope, notBefore);
    }

    private static StepOutcome choose(Map<String, Object> state, Map<String, Object> states, Object input,
                                      Map<String, Object> variables, String where) throws StateFailure {
        List<?> choices = (List<?>) state.get("Choices");
        for (int i = 0; i < choices.size(); i++) {
            Map<?, ?> rule = (Map<?, ?>) choices.get(i);
            String at = where + ".Choices[" + i + "]";
            Object matched = JsonataTemplate.evaluate(rule.get("Condition"), states, variables, at + ".Condition");
            if (!(matched instanceof Boolean b)) {
                throw unexpectedType(at + ".Condition", rule.get("Condition"), "boolean", matched);
            }
            if (b) {
                Object output = rule.containsKey("Output")
                        ? JsonataTemplate.evaluate(rule.get("Output"), states, variables, at + ".Output")
                        : input;
                return new StepOutcome.Continue((String) rule.get("Next"), output,
                        Assignments.apply(rule, states, variables, at), null);
            }
        }
        if (state.get("Default") instanceof String fallback) {
            return new StepOutcome.Continue(fallback, output(state, states, input, variables, where),
                    Assignments.apply(state, states, variables, where), null);
        }
        throw new StateFailure("States.NoChoiceMatched", where + ": no choice rule matched and there is no Default");
    }

    /**
     * A Fail state: its {@code Error} and {@code Cause}, literal or JSONata, each absent when the state has none. A
     * Fail state with a Cause and no Error fails with no error name, as on AWS (LocalStack's recording of
     * {@code "Cause": "{% $states.input.cause %}"} alone: the failure event has a cause and no error).
     */
    private static StepOutcome fail(Map<String, Object> state, Map<String, Object> states, Map<String, Object> variables,
                                    String where) throws StateFailure {
        String error = state.containsKey("Error")
                ? text(JsonataTemplate.evaluate(state.get("Error"), states, variables, where + ".Error")) : null;
        String cause = state.containsKey("Cause")
                ? text(JsonataTemplate.evaluate(state.get("Cause"), states, variables, where + ".Cause")) : null;
        return new StepOutcome.Failed(error, cause);
    }

    private static Object output(Map<?, ?> fields, Map<String, Object> states, Object fallback,
                                 Map<String, Object> variables, String where) throws StateFailure {
        return fields.containsKey("Output")
                ? JsonataTemplate.evaluate(fields.get("Output"), states, variables, where + ".Output")
                : fallback;
    }

    /**
     * Numbers from the definition or the data that overflow what Java computes with: the same values would overflow on
     * every retry, so the state fails for good instead of looping until the dead-letter queue.
     */
    private static StepOutcome outOfRange(String where, ArithmeticException e) {
        return new StepOutcome.Failed(ErrorMatching.RUNTIME, where + ": a number is out of range: " + e.getMessage());
    }

    /**
     * An expression's value of the wrong type, in the words AWS uses for {@code Items} (recorded by LocalStack): "The
     * JSONata expression '...' specified for the field '...' returned an unexpected result type. Expected 'array', but
     * was 'object' for value: {...}". hookrun uses the same form for the other fields that need one type.
     */
    static StateFailure unexpectedType(String where, Object template, String expected, @Nullable Object value) {
        String expression = JsonataTemplate.expressionOf(template);
        String outcome = "returned an unexpected result type. Expected '" + expected + "', but was '"
                + MapFork.typeName(value) + "' for value: " + JsonValues.write(value);
        return new StateFailure(JsonataTemplate.QUERY_EVALUATION_ERROR,
                JsonataField.of(where).cause(expression == null ? JsonValues.write(template) : expression, outcome));
    }

    @Nullable
    private static String text(@Nullable Object value) {
        return value == null ? null : value instanceof String s ? s : JsonValues.write(value);
    }
}

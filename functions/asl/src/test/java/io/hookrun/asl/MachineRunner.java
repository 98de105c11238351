package io.hookrun.asl;

import io.hookrun.core.time.SettableClock;
import io.hookrun.core.time.Deadline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a whole machine through {@link StateInterpreter} the way docs/adr/0005 lays it out, in memory and in one
 * thread: a frame is a chain of steps (the root frame {@code ""}, branch {@code i} of the fork made at step {@code s}
 * is frame {@code s.i} or {@code F/s.i}); a Fork runs its branches one after the other, each starting with the
 * branch input and the forking state's variables, stops starting branches once {@code joinReady} says so (the rest
 * count as aborted) and joins; a Retry runs the same state again with the same input and variables after its delay;
 * waits and retry delays move a {@link SettableClock} instead of sleeping. Each step is recorded with the time it ran.
 */
final class MachineRunner {

    static final String RUN_ID = "run-1";
    static final String WORKFLOW_ID = "wf-test";
    private static final int MAX_STEPS = 10_000;

    /** One state execution (or join), as the run history would show it. */
    record Step(String frame, int sequence, String state, StepOutcome outcome, Instant at) { }

    /** How the run ended and every step it took. */
    record Run(BranchResult end, List<Step> steps, Instant endedAt) {

        /** The states the root frame went through, in order, retried attempts included. */
        List<String> visited() {
            return steps.stream().filter(s -> s.frame().isEmpty()).map(Step::state).toList();
        }

        /** Every retry delay asked for, in the order the retries happened. */
        List<Duration> retryDelays() {
            return steps.stream().filter(s -> s.outcome() instanceof StepOutcome.Retry)
                    .map(s -> ((StepOutcome.Retry) s.outcome()).delay()).toList();
        }

        List<Step> stepsOf(String state) {
            return steps.stream().filter(s -> s.state().equals(state)).toList();
        }

        Object output() {
            if (!end.succeeded()) {
                throw new AssertionError("the run failed: " + end.error() + ": " + end.cause());
            }
            return end.output();
        }
    }

    private final StateInterpreter interpreter;
    private final SettableClock clock;
    private final List<Step> steps = new ArrayList<>();
    private final List<Integer> forkConcurrencies = new ArrayList<>();
    private Object runInput;
    private Instant runStart;

    MachineRunner(StateInterpreter interpreter, SettableClock clock) {
        this.interpreter = interpreter;
        this.clock = clock;
    }

    /** The maxConcurrency of every fork made so far. */
    List<Integer> forkConcurrencies() {
        return forkConcurrencies;
    }

    Run run(StateMachine machine, Object input) throws TransientStepException {
        steps.clear();
        runInput = input;
        runStart = clock.instant();
        BranchResult end = frame(machine, "", machine.startAt(), input, Map.of());
        return new Run(end, List.copyOf(steps), clock.instant());
    }

    private BranchResult frame(StateMachine machine, String frame, String startAt, Object frameInput,
                               Map<String, Object> frameVariables) throws TransientStepException {
        String state = startAt;
        Object input = frameInput;
        Map<String, Object> variables = frameVariables;
        List<Integer> retries = List.of();
        Instant entered = clock.instant();
        int firstSequence = 0;
        for (int sequence = 0; sequence < MAX_STEPS; sequence++) {
            int retryCount = retries.stream().mapToInt(Integer::intValue).sum();
            ExecutionContext context = new ExecutionContext(RUN_ID, WORKFLOW_ID, RUN_ID, runInput, runStart, entered,
                    retryCount, RUN_ID + ":" + frame + ":" + firstSequence);
            StepInput in = new StepInput(input, variables, context, retries);
            StepOutcome outcome = interpreter.execute(machine, state, in, Deadline.none());
            if (outcome instanceof StepOutcome.Fork fork) {
                outcome = forkAndJoin(machine, frame, sequence, state, in, fork);
            }
            steps.add(new Step(frame, sequence, state, outcome, clock.instant()));
            switch (outcome) {
                case StepOutcome.Continue next -> {
                    if (next.notBefore() != null) {
                        clock.advanceTo(next.notBefore());
                    }
                    state = next.nextState();
                    input = next.output();
                    variables = next.variables();
                    retries = List.of();
                    entered = clock.instant();
                    firstSequence = sequence + 1;
                }
                case StepOutcome.Caught caught -> {
                    state = caught.nextState();
                    input = caught.output();
                    variables = caught.variables();
                    retries = List.of();
                    entered = clock.instant();
                    firstSequence = sequence + 1;
                }
                case StepOutcome.Retry retry -> {
                    clock.advance(retry.delay());
                    retries = retry.retries();
                }
                case StepOutcome.Succeeded succeeded -> {
                    if (succeeded.notBefore() != null) {
                        clock.advanceTo(succeeded.notBefore());
                    }
                    return BranchResult.success(succeeded.output());
                }
                case StepOutcome.Failed failed -> {
                    return BranchResult.failure(failed.error(), failed.cause());
                }
                case StepOutcome.Fork fork -> throw new AssertionError("a join returned a fork: " + fork);
                case StepOutcome.Paused paused -> throw new AssertionError("a join returned a pause: " + paused);
            }
        }
        throw new AssertionError("frame '" + frame + "' did not end within " + MAX_STEPS + " steps");
    }

    private StepOutcome forkAndJoin(StateMachine machine, String frame, int sequence, String state, StepInput in,
                                    StepOutcome.Fork fork) throws TransientStepException {
        forkConcurrencies.add(fork.maxConcurrency());
        int total = fork.inputs().size();
        List<BranchResult> results = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < total && !interpreter.joinReady(machine, state, total, total - i, failed); i++) {
            String branch = (frame.isEmpty() ? "" : frame + "/") + sequence + "." + i;
            BranchResult result = frame(machine, branch, fork.startAt(i), fork.inputs().get(i), in.variables());
            results.add(result);
            failed += result.succeeded() ? 0 : 1;
        }
        return interpreter.join(machine, state, in, results);
    }
}

package io.hookrun.workflowstep;

import io.hookrun.asl.StateInterpreter;
import io.hookrun.asl.StateMachine;
import io.hookrun.asl.StepOutcome;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.SqsMessageText;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.BranchStatus;
import io.hookrun.core.run.Frames;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunHistory.BranchTally;
import io.hookrun.core.run.RunHistory.StateFinish;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.lambda.telemetry.MetricNames;
import io.hookrun.lambda.telemetry.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns what a state execution produced into run history and into what follows it (ADR 0005): the step's row, then
 * the next step's message (delayed for a Wait or a Retry interval), or for a step that ends a branch, the branch's
 * result, the next Map iteration and, when the Map/Parallel state can be joined, its join request. What follows is
 * marked done ({@link RunHistory#markNextEnqueued}) once it is: a redelivered message of a finished step whose mark is
 * missing does it again ({@link #followUp}); every part of it is idempotent. A fork's first branches are started again
 * by any copy of its message that finds it not ready to join ({@link #startForked}).
 *
 * <p>Every state that ends here is one INFO line (state, status, error name, duration: never its input or output) and
 * one of {@code StatesSucceeded}, {@code StatesFailed} (FAILED, or CAUGHT by a Catcher) or {@code StatesRetried}, with
 * its {@code StateDuration} from the visit's first attempt; a run that ends with it counts {@code RunsSucceeded} or
 * {@code RunsFailed} and its {@code RunDuration} (ADR 0008).
 */
class StepRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(StepRecorder.class);
    /** The error of a state whose output is over {@link #MAX_OUTPUT_BYTES}, as Step Functions names it. */
    static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    /** Step Functions' largest state input or output: 256 KiB of UTF-8. */
    static final int MAX_OUTPUT_BYTES = 256 * 1024;

    private final RunHistory history;
    private final StepQueue queue;
    private final StateInterpreter interpreter;
    private final JsonText json;
    private final Clock clock;
    private final Metrics metrics;

    StepRecorder(RunHistory history, StepQueue queue, StateInterpreter interpreter, JsonText json, Clock clock,
                 Metrics metrics) {
        this.metrics = metrics;
        this.history = history;
        this.queue = queue;
        this.interpreter = interpreter;
        this.json = json;
        this.clock = clock;
    }

    /** How a step ended, from the row just written or read back: what its follow-up needs. */
    private record Ending(UUID runId, String frame, int sequence, String stateName, StateStatus status, String output,
                          String error, String cause, String nextState, Instant nextNotBefore) {

        static Ending of(StateExecution row) {
            return new Ending(row.runId(), row.frame(), row.sequence(), row.stateName(), row.status(), row.output(),
                    row.error(), row.cause(), row.nextState(), row.nextNotBefore());
        }
    }

    /**
     * Records a claimed step's end (any outcome but a fork) and does what follows.
     *
     * @param enteredAt when the state visit was entered (its first attempt): kept for a Retry's next attempt
     */
    void finish(ResolvedStep step, Instant enteredAt, StepOutcome outcome) {
        Instant now = clock.instant();
        StateFinish finish = finishOf(step, enteredAt, writable(step, outcome), now);
        history.finishState(finish);
        recordEnd(step, enteredAt, finish, now);
        followUp(step.machine(), new Ending(step.runId(), step.frame(), step.sequence(), step.stateName(),
                finish.status(), finish.output(), finish.error(), finish.cause(), finish.nextState(),
                finish.nextNotBefore()));
    }

    /** The INFO line and the metrics of a state that ended (see the class comment). */
    private void recordEnd(ResolvedStep step, Instant enteredAt, StateFinish finish, Instant now) {
        long millis = Math.max(0, Duration.between(enteredAt, now).toMillis());
        switch (finish.status()) {
            case SUCCEEDED -> metrics.count(MetricNames.STATES_SUCCEEDED, Map.of());
            case RETRIED -> metrics.count(MetricNames.STATES_RETRIED, Map.of());
            default -> metrics.count(MetricNames.STATES_FAILED, Map.of());
        }
        if (finish.status() != StateStatus.RETRIED) {
            metrics.record(MetricNames.STATE_DURATION, millis, Metrics.Unit.MILLISECONDS, Map.of());
        }
        LOG.info("{} ended {}{} after {} ms", step.describe(), finish.status(),
                finish.error() == null ? "" : " " + finish.error(), millis);
        if (finish.runStatus() != null) {
            Instant started = step.run().startedAt() == null ? step.run().createdAt() : step.run().startedAt();
            long runMillis = Math.max(0, Duration.between(started, now).toMillis());
            metrics.count(finish.runStatus() == RunStatus.SUCCEEDED ? MetricNames.RUNS_SUCCEEDED
                    : MetricNames.RUNS_FAILED, Map.of());
            metrics.record(MetricNames.RUN_DURATION, runMillis, Metrics.Unit.MILLISECONDS, Map.of());
            LOG.info("run {} ended {} after {} ms", step.runId(), finish.runStatus(), runMillis);
        }
    }

    /**
     * A {@code .waitForTaskToken} Task made its call and waits for its callback (ADR 0007): the step becomes PAUSED
     * with its deadlines (a pause is not a finish: nothing follows it yet), and a message is sent for the earlier
     * deadline, which finds the step still waiting (then it fails {@code States.Timeout} or
     * {@code States.HeartbeatTimeout}), answered (resumed), moved on by a heartbeat (sent on) or finished (a no-op).
     * SQS delays at most 15 minutes: the message carries the deadline as its {@code notBefore} and hops until then.
     *
     * @return the step as recorded, or null when its claim was lost (it is not RUNNING any more)
     */
    StateExecution pause(ResolvedStep step, StepOutcome.Paused paused) {
        Instant now = clock.instant();
        if (!history.pauseState(new RunHistory.StatePause(step.runId(), step.frame(), step.sequence(),
                paused.timeoutAt(), paused.heartbeatAt(), now))) {
            LOG.warn("{} did not pause: its claim was lost", step.describe());
            return null;
        }
        StateExecution row = history.stateExecution(step.runId(), step.frame(), step.sequence())
                .orElseThrow(() -> new IllegalStateException(step.describe() + " vanished"));
        Instant deadline = row.taskWait() == null ? null : row.taskWait().nextDeadline();
        if (deadline != null && !row.taskWait().answered()) {
            queue.sendStep(new StepMessage(step.runId().toString(), step.frame(), step.sequence(), step.stateName(),
                    deadline), StepDelay.seconds(now, deadline));
        }
        LOG.info("{} paused for its callback (timeout {}, heartbeat {})", step.describe(), paused.timeoutAt(),
                paused.heartbeatAt());
        return row;
    }

    /** For a finished step whose follow-up is not marked done: does it (again). */
    void followUp(StateMachine machine, StateExecution finished) {
        if (!finished.nextEnqueued()) {
            followUp(machine, Ending.of(finished));
        }
    }

    private void followUp(StateMachine machine, Ending ending) {
        if (ending.nextState() != null) {
            Instant now = clock.instant();
            queue.sendStep(new StepMessage(ending.runId().toString(), ending.frame(), ending.sequence() + 1,
                    ending.nextState(), ending.nextNotBefore()), StepDelay.seconds(now, ending.nextNotBefore()));
        } else if (Frames.isRoot(ending.frame())) {
            return; // the run ended with the step, in the same transaction: nothing follows
        } else if (ending.status() == StateStatus.SUCCEEDED || ending.status() == StateStatus.FAILED) {
            branchEnded(machine, ending);
        } else {
            throw new IllegalStateException("step " + ending.sequence() + " of frame '" + ending.frame() + "' of run "
                    + ending.runId() + " ended " + ending.status() + " without a next state");
        }
        history.markNextEnqueued(ending.runId(), ending.frame(), ending.sequence());
    }

    /**
     * The last step of a branch ended: the branch's result is recorded (at most once: {@code finishBranch} changes
     * only an open branch), then either the Map/Parallel state is told it can be joined, or the next Map iteration
     * takes the slot this one leaves ({@code index + concurrency}), so no more than the concurrency are ever open.
     */
    private void branchEnded(StateMachine machine, Ending ending) {
        Frames.Parent parent = Frames.parent(ending.frame());
        UUID runId = ending.runId();
        boolean succeeded = ending.status() == StateStatus.SUCCEEDED;
        BranchTally tally = history.finishBranch(runId, parent.frame(), parent.sequence(), parent.index(),
                succeeded ? BranchStatus.SUCCEEDED : BranchStatus.FAILED, succeeded ? ending.output() : null,
                succeeded ? null : ending.error(), succeeded ? null : ending.cause(), clock.instant());
        StateExecution forked = history.stateExecution(runId, parent.frame(), parent.sequence())
                .orElseThrow(() -> new IllegalStateException("frame '" + ending.frame() + "' of run " + runId
                        + " has no Map/Parallel step"));
        if (forked.status() != StateStatus.WAITING) {
            return; // joined (or being joined) already: a Parallel that failed early, a redelivered branch end
        }
        if (interpreter.joinReady(machine, forked.stateName(), tally.total(), tally.open(), tally.failed())) {
            queue.sendStep(new StepMessage(runId.toString(), parent.frame(), parent.sequence(), forked.stateName(),
                    null));
            return;
        }
        long next = (long) parent.index() + concurrencyOf(forked);
        if (next < branchesOf(forked)) {
            startBranches(machine, forked, (int) next, (int) next + 1);
        }
    }

    /**
     * A Map/Parallel step forks: it becomes WAITING with one PENDING branch per input, and the first
     * {@code concurrency} branches start.
     */
    void fork(ResolvedStep step, List<String> inputs, int concurrency) {
        Instant now = clock.instant();
        boolean forked = history.forkState(step.runId(), step.frame(), step.sequence(), step.variablesJson(), inputs,
                concurrency, now);
        StateExecution row = history.stateExecution(step.runId(), step.frame(), step.sequence())
                .orElseThrow(() -> new IllegalStateException(step.describe() + " vanished"));
        if (row.status() != StateStatus.WAITING) {
            LOG.warn("{} did not fork (it is {}): its claim was lost", step.describe(), row.status());
            return;
        }
        if (!forked) {
            LOG.info("{} had forked already; starting its branches", step.describe());
        }
        startForked(step.machine(), row);
    }

    /**
     * Starts the first branches of a WAITING step (again: its forking attempt may have died before). Not marked with
     * {@code next_enqueued}: that mark belongs to what follows the step once it is joined, and a mark set while it
     * waits would survive the join in run history. Doing it again costs at most {@code concurrency} duplicate
     * messages, which find their steps claimed; it only happens when the forking message itself comes again.
     */
    void startForked(StateMachine machine, StateExecution waiting) {
        startBranches(machine, waiting, 0, Math.min(concurrencyOf(waiting), branchesOf(waiting)));
    }

    /** Branches {@code from..to-1} of a forked step become RUNNING, and each gets its first step's message. */
    private void startBranches(StateMachine machine, StateExecution forked, int from, int to) {
        history.startBranches(forked.runId(), forked.frame(), forked.sequence(), from, to, clock.instant());
        for (int index = from; index < to; index++) {
            queue.sendStep(new StepMessage(forked.runId().toString(), Frames.child(forked.frame(), forked.sequence(), index),
                    0, BranchMachines.startAt(machine, forked.stateName(), index), null));
        }
    }

    private static int concurrencyOf(StateExecution forked) {
        return forked.concurrency() == null || forked.concurrency() < 1 ? Integer.MAX_VALUE : forked.concurrency();
    }

    private static int branchesOf(StateExecution forked) {
        return forked.branches() == null ? 0 : forked.branches();
    }

    /**
     * The row a claimed step ends with. An output or variables the JSON writer cannot write (nesting beyond its limit)
     * would fail the same way on every retry, so they fail the state {@code States.Runtime} instead.
     */
    private StateFinish finishOf(ResolvedStep step, Instant enteredAt, Written written, Instant now) {
        UUID runId = step.runId();
        String frame = step.frame();
        int sequence = step.sequence();
        boolean root = step.inRootFrame();
        return switch (written.outcome()) {
            case StepOutcome.Continue next -> new StateFinish(runId, frame, sequence, StateStatus.SUCCEEDED,
                    written.output(), written.variables(), null, null, next.nextState(), next.notBefore(), null, null, now);
            case StepOutcome.Caught caught -> new StateFinish(runId, frame, sequence, StateStatus.CAUGHT,
                    written.output(), written.variables(), storable(caught.error()), storable(caught.cause()),
                    caught.nextState(), null, null, null, now);
            case StepOutcome.Retry retry -> {
                RetryMemo memo = new RetryMemo(retry.retries(),
                        step.retry() == null ? sequence : step.retry().firstSequence(), enteredAt);
                yield new StateFinish(runId, frame, sequence, StateStatus.RETRIED, step.inputJson(),
                        step.variablesJson(), storable(retry.error()), storable(retry.cause()), step.stateName(),
                        now.plus(retry.delay()), memo.toJson(json), null, now);
            }
            case StepOutcome.Succeeded done when done.notBefore() != null && done.notBefore().isAfter(now) ->
                    // A Wait with "End": true: the frame ends when the wait is over, in a step of its own that the
                    // delayed message runs (StepReader: endsAfterWait). Until then the run or branch stays open.
                    new StateFinish(runId, frame, sequence, StateStatus.SUCCEEDED, written.output(), null, null, null,
                            step.stateName(), done.notBefore(), null, null, now);
            case StepOutcome.Succeeded done -> new StateFinish(runId, frame, sequence, StateStatus.SUCCEEDED,
                    written.output(), null, null, null, null, null, null, root ? RunStatus.SUCCEEDED : null, now);
            case StepOutcome.Failed failed -> new StateFinish(runId, frame, sequence, StateStatus.FAILED, null, null,
                    storable(failed.error()), storable(failed.cause()), null, null, null,
                    root ? RunStatus.FAILED : null, now);
            case StepOutcome.Fork fork -> throw new IllegalArgumentException("a fork is recorded by fork()");
            case StepOutcome.Paused paused -> throw new IllegalArgumentException("a pause is recorded by pause()");
        };
    }

    /** An outcome with its output and variables as JSON text. */
    private record Written(StepOutcome outcome, String output, String variables) { }

    private Written writable(ResolvedStep step, StepOutcome outcome) {
        Object output;
        Map<String, Object> variables;
        switch (outcome) {
            case StepOutcome.Continue next -> {
                output = next.output();
                variables = next.variables();
            }
            case StepOutcome.Caught caught -> {
                output = caught.output();
                variables = caught.variables();
            }
            case StepOutcome.Succeeded done -> {
                output = done.output();
                variables = null;
            }
            default -> {
                return new Written(outcome, null, null);
            }
        }
        try {
            String written = json.write(output);
            if (SqsMessageText.utf8Bytes(written) > MAX_OUTPUT_BYTES) {
                // Step Functions' payload quota: a state's output over 256 KiB fails it with the terminal
                // States.DataLimitExceeded (no Catch, not even States.ALL, takes it). The output flows to the next
                // step, so it is never cut to fit: https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
                return new Written(new StepOutcome.Failed(DATA_LIMIT_EXCEEDED, "States." + step.stateName()
                        + ": the state's output has " + SqsMessageText.utf8Bytes(written) + " bytes, over the "
                        + MAX_OUTPUT_BYTES + " bytes (256 KiB) a state may pass on"), null, null);
            }
            return new Written(outcome, written, variables == null ? null : json.write(variables));
        } catch (RuntimeException | StackOverflowError e) {
            // e.g. nesting deeper than the writer's limit: the same value would fail on every retry
            return new Written(new StepOutcome.Failed("States.Runtime", "States." + step.stateName()
                    + ": the output cannot be written as JSON: " + FailureText.describe(e)), null, null);
        }
    }

    private static String storable(String text) {
        return FailureText.storable(text);
    }
}

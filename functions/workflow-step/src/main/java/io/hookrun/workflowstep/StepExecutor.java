package io.hookrun.workflowstep;

import io.hookrun.asl.BranchResult;
import io.hookrun.asl.ExecutionContext;
import io.hookrun.asl.InvalidDefinitionException;
import io.hookrun.asl.StateInterpreter;
import io.hookrun.asl.StateMachine;
import io.hookrun.asl.StepInput;
import io.hookrun.asl.StepOutcome;
import io.hookrun.asl.TaskResource;
import io.hookrun.asl.TransientStepException;
import io.hookrun.core.callback.CallbackToken;
import io.hookrun.core.callback.CallbackTokens;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.Branch;
import io.hookrun.core.run.BranchStatus;
import io.hookrun.core.run.Frames;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunHistory.BranchTally;
import io.hookrun.core.run.RunHistory.StateClaim;
import io.hookrun.core.run.RunHistory.StateStart;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.TaskWait;
import io.hookrun.core.time.Deadline;
import io.hookrun.lambda.logging.LogContext;
import io.hookrun.lambda.telemetry.MetricNames;
import io.hookrun.lambda.telemetry.Metrics;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Executes one step (one attempt of one state in one frame of a run, ADR 0005), at most once however often its
 * message is delivered: resolve what the step reads -> claim (run, frame, sequence) -> evaluate the state, or join it
 * when it is a Map/Parallel state whose branches are done -> record the result and do what follows
 * ({@link StepRecorder}). A copy arriving after the step finished only redoes what follows if the first attempt died
 * before marking it done; a copy arriving while it executes is retried later; a copy arriving before the message's
 * {@code notBefore} (a Wait or Retry interval longer than SQS can delay) is sent on with the delay that is left.
 *
 * <p>Whatever goes wrong once the claim is taken, the claim is released before the exception leaves, so the next
 * delivery can execute the state. Failures that would recur on every retry end the state instead: text PostgreSQL
 * refuses is made storable ({@link FailureText}), an output the JSON writer cannot write fails the state
 * {@code States.Runtime}.
 *
 * <p>A {@code .waitForTaskToken} Task (ADR 0007, "Callbacks") makes its call with its task token in
 * {@code $states.context.Task.Token} and pauses: the step is PAUSED, and a message is sent for its next deadline. A
 * message finding the step PAUSED resumes it ({@link RunHistory#claimPaused}, then {@link StateInterpreter#resume})
 * once the callback answered or a deadline passed ({@code States.Timeout}, {@code States.HeartbeatTimeout}); before
 * that it is sent on to the next deadline (a heartbeat moved it), or dropped when there is none.
 *
 * <p>Each frame (the run's main chain, each branch) executes at most {@code hookrun.step.max-states} steps: a Choice
 * loop that never exits fails its frame {@value #STATE_LIMIT_EXCEEDED} instead of running for ever (a Retry attempt
 * counts as a step).
 */
@Singleton
public class StepExecutor {

    /** The error of a run whose message left the queue (or could not be resumed) before the run could end. */
    public static final String STEP_ABANDONED = "hookrun.StepAbandoned";
    /** The error of a run whose definition does not parse (any more). */
    public static final String INVALID_DEFINITION = "hookrun.InvalidDefinition";
    /** The error of a frame that executed {@code hookrun.step.max-states} steps without ending. */
    public static final String STATE_LIMIT_EXCEEDED = "hookrun.StateLimitExceeded";
    /** A {@code .waitForTaskToken} Task with no callback before its TimeoutSeconds. */
    static final String TIMEOUT = "States.Timeout";
    /** A {@code .waitForTaskToken} Task with no heartbeat (or callback) within its HeartbeatSeconds. */
    static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    /** A failure callback that named no error. */
    static final String TASK_FAILED = "States.TaskFailed";

    private static final Logger LOG = LoggerFactory.getLogger(StepExecutor.class);
    /** Less than this left for a Task's call after the margin, and the state is not started in this invocation. */
    private static final Duration MIN_TASK_TIME = Duration.ofSeconds(1);
    /** The longest an {@code http:invoke} call may take on AWS (see {@link #lease}). */
    private static final Duration HTTP_CALL_LIMIT = Duration.ofSeconds(60);

    private final RunHistory history;
    private final StateInterpreter interpreter;
    private final StepQueue queue;
    private final JsonText json;
    private final StateMachines machines;
    private final StepReader reader;
    private final StepRecorder recorder;
    private final StepConfiguration config;
    private final Clock clock;
    /** Built on first use: only a {@code .waitForTaskToken} Task needs the callback key. */
    private final BeanProvider<CallbackTokens> tokens;
    private final Metrics metrics;

    public StepExecutor(RunHistory history, StateInterpreter interpreter, StepQueue queue, JsonText json,
                        StateMachines machines, StepConfiguration config, Clock clock,
                        BeanProvider<CallbackTokens> tokens, Metrics metrics) {
        this.history = history;
        this.interpreter = interpreter;
        this.queue = queue;
        this.json = json;
        this.machines = machines;
        this.reader = new StepReader(history, json);
        this.recorder = new StepRecorder(history, queue, interpreter, json, clock, metrics);
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        this.tokens = tokens;
    }

    /**
     * Executes {@code step} on delivery {@code receiveCount} of its message, within {@code deadline}.
     *
     * @throws StateBusyException      another attempt holds the step: retry later
     * @throws StepNotStartedException too little time was left for a Task (nothing done): retry at once
     * @throws StepCutShortException   a Task's call ran into the end of the invocation: retry later
     */
    public void execute(StepMessage step, int receiveCount, Deadline deadline) {
        UUID runId = UUID.fromString(step.runId());
        LogContext.put(LogContext.RUN_ID, step.runId());
        LogContext.put(LogContext.STATE, step.stateName());
        Optional<Run> found = history.findRun(runId);
        if (found.isEmpty()) {
            // A run is stored before any message about it is sent, and never deleted: this one will not appear, and
            // retrying would only walk the message to the DLQ. Dropped, loudly.
            LOG.warn("step {} ('{}') names run {}, which run history does not have: message dropped",
                    step.sequence(), step.stateName(), runId);
            return;
        }
        Run run = found.get();
        putRunContext(run);
        if (run.status().finished()) {
            return; // a late copy of a step of a finished run
        }
        Branch branch = null;
        if (!Frames.isRoot(step.frameName())) {
            Frames.Parent parent = Frames.parent(step.frameName());
            branch = history.branch(runId, parent.frame(), parent.sequence(), parent.index()).orElse(null);
            if (branch == null || branch.status() == BranchStatus.ABORTED || branch.status() == BranchStatus.PENDING) {
                // ABORTED: its Map/Parallel state ended without it (a Parallel branch failed; too many Map iterations
                // failed); the branch's chain stops here.
                LOG.debug("step {} of frame '{}' of run {} dropped: its branch is {}", step.sequence(),
                        step.frameName(), runId, branch == null ? "missing" : branch.status());
                return;
            }
        }
        Instant now = clock.instant();
        if (StepDelay.early(now, step.notBefore())) {
            // One hop of a wait longer than SQS's 15-minute delay: nothing is written, the rest is waited on the queue.
            queue.sendStep(step, StepDelay.seconds(now, step.notBefore()));
            return;
        }
        StateMachine machine;
        try {
            machine = machines.parse(run.definition());
        } catch (InvalidDefinitionException e) {
            failInvalidDefinition(runId, step.frameName(), step.sequence(), e);
            return;
        }
        ResolvedStep resolved = reader.resolve(run, machine, step, branch);
        if ("Task".equals(resolved.stateType()) && deadline.remaining(config.timeMargin()).compareTo(MIN_TASK_TIME) < 0) {
            throw new StepNotStartedException("state '" + step.stateName() + "' of run " + runId
                    + " not started: " + deadline + " leaves too little for its task");
        }
        StateClaim claim = history.claimState(new StateStart(runId, resolved.frame(), resolved.sequence(),
                resolved.stateName(), resolved.stateType(), resolved.inputJson(), resolved.variablesJson()),
                clock.instant(), lease(resolved, deadline));
        switch (claim) {
            case StateClaim.AlreadyFinished finished -> recorder.followUp(machine, finished.execution());
            case StateClaim.Busy busy -> throw new StateBusyException(resolved.describe() + " is executing elsewhere until "
                    + busy.leaseUntil(), busy.leaseUntil());
            case StateClaim.Waiting waiting -> joinWhenReady(resolved, waiting.execution());
            case StateClaim.Paused paused -> resumeWhenDue(resolved, paused.execution());
            case StateClaim.Claimed claimed -> holding(resolved, () -> {
                if (resuming(claimed.execution())) {
                    resume(resolved, claimed.execution()); // the attempt that was resuming it died
                } else if (claimed.execution().branches() != null) {
                    join(resolved, claimed.execution()); // the attempt that was joining it died
                } else {
                    run(resolved, claimed.execution(), deadline);
                }
            });
        }
    }

    /**
     * The run's trigger and delivery id in the MDC, so every line of every state of a webhook's run can be selected
     * by the delivery id the webhook logged (ADR 0008). A webhook run's {@code eventId} is its event's id: the
     * delivery id, unless the sender sent a CloudEvent whose id differs from the delivery id its signature scheme
     * names (then the webhook's "accepted" line gives both). A run started from the admin API has neither.
     */
    static void putRunContext(Run run) {
        LogContext.put(LogContext.RUN_ID, run.id().toString());
        LogContext.put(LogContext.TRIGGER_ID, run.triggerId());
        LogContext.put(LogContext.DELIVERY_ID, run.triggerId() == null ? null : run.eventId());
    }

    /** Ends the run of {@code step} FAILED {@value #STEP_ABANDONED}: its message is leaving the queue for good. */
    public void abandon(StepMessage step, String cause) {
        UUID runId = UUID.fromString(step.runId());
        LogContext.put(LogContext.RUN_ID, step.runId());
        LogContext.put(LogContext.STATE, step.stateName());
        if (history.failRun(runId, step.frameName(), step.sequence(), STEP_ABANDONED, FailureText.storable(cause),
                clock.instant())) {
            metrics.count(MetricNames.RUNS_FAILED, Map.of());
            LOG.error("run {} FAILED {} at step {} ('{}') of frame '{}': {}", runId, STEP_ABANDONED, step.sequence(),
                    step.stateName(), step.frameName(), cause);
        }
    }

    /** Ends a run whose snapshot does not parse: no retry can make it parse. */
    void failInvalidDefinition(UUID runId, String frame, int sequence, InvalidDefinitionException e) {
        String cause = FailureText.storable("the run's definition does not parse: " + String.join("; ", e.problems()));
        if (history.failRun(runId, frame, sequence, INVALID_DEFINITION, cause, clock.instant())) {
            metrics.count(MetricNames.RUNS_FAILED, Map.of());
            LOG.error("run {} FAILED {}: {}", runId, INVALID_DEFINITION, cause);
        }
    }

    /**
     * A WAITING Map/Parallel step got a message: a join request when its branches are done (the one delivery that
     * takes the join claim joins it; another copy does nothing), else a copy of the message that forked it, whose
     * attempt may have died before it started the branches.
     */
    private void joinWhenReady(ResolvedStep step, StateExecution waiting) {
        BranchTally tally = history.branchTally(step.runId(), step.frame(), step.sequence());
        if (interpreter.joinReady(step.machine(), step.stateName(), tally.total(), tally.open(), tally.failed())) {
            if (history.claimJoin(step.runId(), step.frame(), step.sequence(), clock.instant(), config.stateLease())) {
                holding(step, () -> join(step, waiting));
            }
        } else {
            recorder.startForked(step.machine(), waiting);
        }
    }

    /**
     * Finishes a Map/Parallel state from its branches' results, read in index order from run history (never from a
     * message): branches still open (a Parallel branch failed, too many Map iterations failed) are aborted, then the
     * state's outcome is recorded like any other.
     */
    private void join(ResolvedStep step, StateExecution forked) {
        List<BranchResult> results = new ArrayList<>();
        boolean open = false;
        for (Branch branch : history.branches(step.runId(), step.frame(), step.sequence())) {
            switch (branch.status()) {
                case SUCCEEDED -> results.add(BranchResult.success(json.parse(branch.output())));
                case FAILED -> results.add(BranchResult.failure(branch.error(), branch.cause()));
                case PENDING, RUNNING -> open = true;
                case ABORTED -> { }
            }
        }
        Instant enteredAt = enteredAt(step, forked);
        StepOutcome outcome = interpreter.join(step.machine(), step.stateName(), stepInput(step, enteredAt), results);
        if (open) {
            int aborted = history.abortBranches(step.runId(), step.frame(), step.sequence(), clock.instant());
            LOG.info("{} joined early: {} open branches aborted", step.describe(), aborted);
        }
        if (outcome instanceof StepOutcome.Fork) {
            throw new IllegalStateException(step.describe() + ": a join cannot fork");
        }
        recorder.finish(step, enteredAt, outcome);
    }

    private void run(ResolvedStep step, StateExecution claimed, Deadline deadline) {
        Instant enteredAt = enteredAt(step, claimed);
        if (step.sequence() >= config.maxStates()) {
            recorder.finish(step, enteredAt, new StepOutcome.Failed(STATE_LIMIT_EXCEEDED, (step.inRootFrame()
                    ? "the run" : "branch '" + step.frame() + "'") + " executed " + config.maxStates()
                    + " states without ending"));
            return;
        }
        if (step.endsAfterWait()) {
            recorder.finish(step, enteredAt, new StepOutcome.Succeeded(json.parse(step.inputJson())));
            return;
        }
        StepInput in = stepInput(step, enteredAt);
        StepOutcome outcome;
        try {
            outcome = interpreter.execute(step.machine(), step.stateName(), in, deadline);
        } catch (TransientStepException e) {
            // The interpreter's HttpTask gives the exception a cause (the client's timeout) only when the call was
            // made; without one, nothing was sent.
            if (e.getCause() == null) {
                throw new StepNotStartedException(step.describe() + " not started: " + e.getMessage());
            }
            throw new StepCutShortException(step.describe() + " cut short: " + e.getMessage());
        }
        if (outcome instanceof StepOutcome.Fork fork) {
            fork(step, in, enteredAt, fork);
        } else if (outcome instanceof StepOutcome.Paused paused) {
            StateExecution row = recorder.pause(step, paused);
            if (row != null && row.taskWait() != null && row.taskWait().answered()) {
                // The downstream answered before the pause was recorded: resume now rather than when the callback's
                // message comes back from finding the step busy.
                resumeWhenDue(step, row);
            }
        } else {
            recorder.finish(step, enteredAt, outcome);
        }
    }

    private void fork(ResolvedStep step, StepInput in, Instant enteredAt, StepOutcome.Fork fork) {
        if (fork.inputs().isEmpty()) {
            // A Map over an empty array: nothing to wait for, joined at once (its result is []).
            recorder.finish(step, enteredAt, interpreter.join(step.machine(), step.stateName(), in, List.of()));
            return;
        }
        List<String> inputs = new ArrayList<>(fork.inputs().size());
        try {
            for (Object input : fork.inputs()) {
                inputs.add(json.write(input));
            }
        } catch (RuntimeException | StackOverflowError e) {
            recorder.finish(step, enteredAt, new StepOutcome.Failed("States.Runtime", "States." + step.stateName()
                    + ": a branch input cannot be written as JSON: " + FailureText.describe(e)));
            return;
        }
        recorder.fork(step, inputs, BranchMachines.concurrency(step.machine(), step.stateName(), fork,
                config.inlineMapMaxConcurrency()));
    }

    /**
     * A PAUSED step got a message: resumed by the one delivery that takes it ({@link RunHistory#claimPaused}) when
     * its callback answered or a deadline passed; otherwise the message goes on to the next deadline (a heartbeat
     * moved it, or this is a copy) or, with none, is dropped: the callback's own message resumes the step.
     */
    private void resumeWhenDue(ResolvedStep step, StateExecution paused) {
        TaskWait wait = paused.taskWait();
        Instant now = clock.instant();
        Instant next = wait == null ? null : wait.nextDeadline();
        if (wait != null && (wait.answered() || (next != null && !next.isAfter(now)))) {
            if (history.claimPaused(step.runId(), step.frame(), step.sequence(), now, config.stateLease())) {
                // Read again after the claim: an answer recorded just before a deadline is the one that counts.
                holding(step, () -> resume(step, history.stateExecution(step.runId(), step.frame(), step.sequence())
                        .orElseThrow(() -> new IllegalStateException(step.describe() + " vanished"))));
            }
            return;
        }
        if (next != null) {
            queue.sendStep(new StepMessage(step.runId().toString(), step.frame(), step.sequence(), step.stateName(),
                    next), StepDelay.seconds(now, next));
        }
    }

    /** Whether a claimed RUNNING step is a paused Task being resumed (answered, or past a deadline). */
    private boolean resuming(StateExecution claimed) {
        TaskWait wait = claimed.taskWait();
        if (wait == null) {
            return false;
        }
        Instant next = wait.nextDeadline();
        return wait.answered() || (next != null && !next.isAfter(clock.instant()));
    }

    /**
     * Finishes a resumed {@code .waitForTaskToken} Task (it holds the claim) with its callback's answer, or the
     * deadline that passed first, through the state's Output/Assign or Retry/Catch.
     */
    private void resume(ResolvedStep step, StateExecution row) {
        TaskWait wait = row.taskWait();
        StepOutcome.Resumption resumption;
        if (wait.answered() && wait.error() == null && wait.output() != null) {
            resumption = new StepOutcome.Resumption.Answered(json.parse(wait.output()));
        } else if (wait.answered()) {
            // SendTaskFailure's error is optional; a failure without one is still a Task failure (States.ALL and
            // States.TaskFailed match it).
            resumption = new StepOutcome.Resumption.Failed(wait.error() == null ? TASK_FAILED : wait.error(),
                    wait.cause() == null ? "" : wait.cause());
        } else if (wait.timeoutAt() != null
                && (wait.heartbeatAt() == null || !wait.timeoutAt().isAfter(wait.heartbeatAt()))) {
            resumption = new StepOutcome.Resumption.Failed(TIMEOUT, "States." + step.stateName()
                    + ": no callback for the task token before TimeoutSeconds ran out at " + wait.timeoutAt());
        } else {
            resumption = new StepOutcome.Resumption.Failed(HEARTBEAT_TIMEOUT, "States." + step.stateName()
                    + ": no heartbeat or callback for the task token before HeartbeatSeconds ran out at "
                    + wait.heartbeatAt());
        }
        Instant enteredAt = enteredAt(step, row);
        StepOutcome outcome = interpreter.resume(step.machine(), step.stateName(), stepInput(step, enteredAt),
                resumption);
        if (outcome instanceof StepOutcome.Fork || outcome instanceof StepOutcome.Paused) {
            throw new IllegalStateException(step.describe() + ": a resumed Task can neither fork nor pause");
        }
        recorder.finish(step, enteredAt, outcome);
    }

    /** When the state visit began: its first attempt's start, kept across Retry attempts. */
    private static Instant enteredAt(ResolvedStep step, StateExecution row) {
        return step.retry() != null ? step.retry().enteredAt() : row.startedAt();
    }

    @SuppressWarnings("unchecked")
    private StepInput stepInput(ResolvedStep step, Instant enteredAt) {
        Run run = step.run();
        RetryMemo retry = step.retry();
        int firstSequence = retry == null ? step.sequence() : retry.firstSequence();
        ExecutionContext context = new ExecutionContext(run.id().toString(), run.workflowId(), executionName(run),
                json.parse(run.input()), run.startedAt() == null ? run.createdAt() : run.startedAt(), enteredAt,
                retry == null ? 0 : retry.retryCount(), idempotencyKey(run.id(), step.frame(), firstSequence));
        if (waitsForTaskToken(step)) {
            // The token names this step (this attempt's sequence: a Retry attempt waits for a callback of its own).
            context = context.withTaskToken(tokens.get().issue(new CallbackToken(run.id(), step.frame(),
                    step.sequence())));
        }
        Object variables = step.variablesJson() == null ? null : json.parse(step.variablesJson());
        return new StepInput(json.parse(step.inputJson()),
                variables instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of(), context,
                retry == null ? List.of() : retry.counts());
    }

    private static boolean waitsForTaskToken(ResolvedStep step) {
        return "Task".equals(step.stateType()) && TaskResource.parse(step.machine().state(step.stateName())
                .get("Resource")).map(TaskResource::waitForTaskToken).orElse(false);
    }

    /**
     * {@code $states.context.Execution.Name}: the name a run started from the admin API was given (kept as its
     * {@code eventId}), else the run id, as Step Functions names an execution started without a name.
     */
    static String executionName(Run run) {
        return run.triggerId() == null && run.eventId() != null ? run.eventId() : run.id().toString();
    }

    /**
     * What the state's HTTP calls send as {@code Idempotency-Key}: {@code <run>:<sequence>} in the main chain,
     * {@code <run>:<frame>/<sequence>} in a branch, with the sequence of the visit's first attempt, so it is the same
     * for every redelivery, crash and Retry attempt of that state visit and differs for another visit.
     */
    static String idempotencyKey(UUID runId, String frame, int firstSequence) {
        return runId + ":" + (Frames.isRoot(frame) ? "" : frame + "/") + firstSequence;
    }

    /**
     * How long the claim of {@code step} keeps copies of its message away (ADR 0007, "Exactly one effect per state
     * execution"): for a Task, as long as its call may run, {@code min(call limit, the invocation's remaining time)}
     * plus {@code hookrun.step.time-margin} to record the result, so no copy makes a second call while the first is
     * still running; never less than {@code hookrun.step.state-lease}. When the invocation dies, the lease lapses and a
     * copy executes the step again, with the same idempotency key and attempt number.
     *
     * <p>The call limit is read from the definition before the state is evaluated. An {@code http:invoke} call takes
     * at most its literal {@code TimeoutSeconds}, and never more than 60 seconds ("States.Http.Socket: occurs when an
     * HTTP Task times out after 60 seconds", Step Functions' "Call HTTPS APIs" page), also when it is a
     * {@code .waitForTaskToken} Task, whose TimeoutSeconds bounds the wait for its callback, not its call. A Dify call
     * takes at most its literal TimeoutSeconds; without one it waits for Dify's own limit ({@code DifyTask}), which
     * this class does not know, so, like a TimeoutSeconds given as an expression, the invocation's remaining time
     * bounds it (no call outlives its invocation).
     */
    private Duration lease(ResolvedStep step, Deadline deadline) {
        if (!"Task".equals(step.stateType())) {
            return config.stateLease();
        }
        Duration left = deadline.remaining();
        Duration call = taskCallLimit(step.machine().state(step.stateName())).orElse(left);
        Duration lease = (call.compareTo(left) < 0 ? call : left).plus(config.timeMargin());
        return lease.compareTo(config.stateLease()) > 0 ? lease : config.stateLease();
    }

    /** The longest one call of this Task state may take, when the definition says (see {@link #lease}). */
    private static Optional<Duration> taskCallLimit(Map<String, Object> state) {
        Optional<TaskResource> resource = TaskResource.parse(state.get("Resource"));
        boolean http = resource.isPresent() && TaskResource.HTTP_INVOKE.equals(resource.get().integration());
        Object timeout = resource.isPresent() && resource.get().waitForTaskToken() ? null : state.get("TimeoutSeconds");
        if (timeout instanceof Number seconds && seconds.longValue() > 0) {
            Duration literal = Duration.ofSeconds(seconds.longValue());
            return Optional.of(http && literal.compareTo(HTTP_CALL_LIMIT) > 0 ? HTTP_CALL_LIMIT : literal);
        }
        return http ? Optional.of(HTTP_CALL_LIMIT) : Optional.empty();
    }

    /** Runs {@code work} on a claimed step; if it fails, the claim is released before the failure leaves. */
    private void holding(ResolvedStep step, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException | StackOverflowError e) {
            release(step, e);
            throw e;
        }
    }

    /** Lets the next delivery claim the step at once. If even this fails, the lease runs out by itself. */
    private void release(ResolvedStep step, Throwable failure) {
        try {
            history.releaseState(step.runId(), step.frame(), step.sequence());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            LOG.warn("could not release {} (its lease of {} will run out): {}", step.describe(), config.stateLease(),
                    e.toString());
        }
    }
}

package io.hookrun.workflowstep;

import io.hookrun.asl.ExecutionContext;
import io.hookrun.asl.InvalidDefinitionException;
import io.hookrun.asl.StateInterpreter;
import io.hookrun.asl.StateMachine;
import io.hookrun.asl.StepOutcome;
import io.hookrun.asl.TransientStepException;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunHistory.StateClaim;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.time.Deadline;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Executes one state of one run, at most once however often its message is delivered:
 * claim the (run, sequence) row -> evaluate the state -> record the result -> enqueue the next step ->
 * mark it enqueued. A copy arriving after the state finished only re-sends the next step if the first
 * attempt died before sending it; a copy arriving while it executes is retried later.
 *
 * <p>Whatever goes wrong once the claim is taken, the claim is released before the exception leaves, so the next
 * delivery can execute the state (a held claim would answer "executing elsewhere" to every redelivery until the
 * message reached the DLQ). Failures that would recur on every retry end the state instead: text PostgreSQL refuses
 * is made storable ({@link FailureText}), an output the JSON writer cannot write fails the state {@code States.Runtime}.
 */
@Singleton
public class StepExecutor {

    /** The error of a run whose message left the queue (or could not be resumed) before the run could end. */
    public static final String STEP_ABANDONED = "hookrun.StepAbandoned";
    /** The error of a run whose definition does not parse (any more). */
    public static final String INVALID_DEFINITION = "hookrun.InvalidDefinition";

    private static final Logger LOG = LoggerFactory.getLogger(StepExecutor.class);
    /** Less than this left for a Task's call after the margin, and the state is not started in this invocation. */
    private static final Duration MIN_TASK_TIME = Duration.ofSeconds(1);

    private final RunHistory history;
    private final StateInterpreter interpreter;
    private final StepQueue queue;
    private final JsonText json;
    private final StateMachines machines;
    private final StepConfiguration config;
    private final Clock clock;

    public StepExecutor(RunHistory history, StateInterpreter interpreter, StepQueue queue, JsonText json,
                        StateMachines machines, StepConfiguration config, Clock clock) {
        this.history = history;
        this.interpreter = interpreter;
        this.queue = queue;
        this.json = json;
        this.machines = machines;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Executes {@code step} on delivery {@code receiveCount} of its message, within {@code deadline}.
     *
     * @throws StateBusyException     another attempt holds the step: retry later
     * @throws StateRetryException    the task got no answer before the last delivery: retry later
     * @throws StepNotStartedException too little time was left for a Task (nothing claimed): retry at once
     */
    public void execute(StepMessage step, int receiveCount, Deadline deadline) {
        UUID runId = UUID.fromString(step.runId());
        Optional<Run> found = history.findRun(runId);
        if (found.isEmpty()) {
            // A run is stored before any message about it is sent, and never deleted: this one will not appear, and
            // retrying would only walk the message to the DLQ. Dropped, loudly.
            LOG.warn("step {} ('{}') names run {}, which run history does not have: message dropped",
                    step.sequence(), step.stateName(), runId);
            return;
        }
        Run run = found.get();
        if (run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.FAILED) {
            return; // a late copy of a step of a finished run
        }
        StateMachine machine;
        try {
            machine = machines.parse(run.definition());
        } catch (InvalidDefinitionException e) {
            failInvalidDefinition(runId, step.sequence(), e);
            return;
        }
        String inputJson = step.sequence() == 0 ? run.input() : previousOutput(runId, step.sequence());
        String stateType = machine.stateType(step.stateName());
        if ("Task".equals(stateType) && deadline.remaining(config.timeMargin()).compareTo(MIN_TASK_TIME) < 0) {
            throw new StepNotStartedException("state '" + step.stateName() + "' of run " + runId
                    + " not started: " + deadline + " leaves too little for its task");
        }
        Instant now = clock.instant();

        StateClaim claim = history.claimState(runId, step.sequence(), step.stateName(), stateType, inputJson, now,
                config.stateLease());
        switch (claim) {
            case StateClaim.AlreadyFinished finished -> resendNextIfLost(finished.execution());
            case StateClaim.Busy busy -> throw new StateBusyException("step " + step.sequence() + " of run " + runId
                    + " is executing elsewhere until " + busy.leaseUntil(), busy.leaseUntil());
            case StateClaim.Claimed claimed -> runClaimed(run, machine, step, inputJson, now, receiveCount, deadline);
        }
    }

    /** Ends the run of {@code step} FAILED {@value #STEP_ABANDONED}: its message is leaving the queue for good. */
    public void abandon(StepMessage step, String cause) {
        UUID runId = UUID.fromString(step.runId());
        if (history.failRun(runId, step.sequence(), STEP_ABANDONED, FailureText.storable(cause), clock.instant())) {
            LOG.error("run {} FAILED {} at step {} ('{}'): {}", runId, STEP_ABANDONED, step.sequence(), step.stateName(), cause);
        }
    }

    /** Ends a run whose snapshot does not parse: no retry can make it parse. */
    void failInvalidDefinition(UUID runId, int sequence, InvalidDefinitionException e) {
        String cause = FailureText.storable("the run's definition does not parse: " + String.join("; ", e.problems()));
        if (history.failRun(runId, sequence, INVALID_DEFINITION, cause, clock.instant())) {
            LOG.error("run {} FAILED {}: {}", runId, INVALID_DEFINITION, cause);
        }
    }

    private void runClaimed(Run run, StateMachine machine, StepMessage step, String inputJson, Instant enteredAt,
                            int receiveCount, Deadline deadline) {
        try {
            run(run, machine, step, inputJson, enteredAt, receiveCount, deadline);
        } catch (RuntimeException | StackOverflowError e) {
            release(run.id(), step.sequence(), e);
            throw e;
        }
    }

    private void run(Run run, StateMachine machine, StepMessage step, String inputJson, Instant enteredAt,
                     int receiveCount, Deadline deadline) {
        UUID runId = run.id();
        int sequence = step.sequence();
        if (sequence >= config.maxStates()) {
            history.finishState(runId, sequence, StateStatus.FAILED, null, "hookrun.StateLimitExceeded",
                    "the run executed " + config.maxStates() + " states without ending", null, RunStatus.FAILED, clock.instant());
            return;
        }
        ExecutionContext context = new ExecutionContext(runId.toString(), run.workflowId(), json.parse(run.input()),
                run.startedAt(), sequence, enteredAt);
        StepOutcome outcome;
        try {
            outcome = interpreter.execute(machine, step.stateName(), json.parse(inputJson), context, deadline);
        } catch (TransientStepException e) {
            if (receiveCount < config.maxReceiveCount()) {
                throw new StateRetryException("state '" + step.stateName() + "' of run " + runId
                        + " failed transiently on delivery " + receiveCount + ", will retry: " + e.getMessage());
            }
            outcome = new StepOutcome.Failed("States.TaskFailed", e.getMessage() + " (after " + receiveCount + " attempts)");
        }
        record(runId, sequence, step.stateName(), outcome);
    }

    private void record(UUID runId, int sequence, String stateName, StepOutcome outcome) {
        String outputJson = null;
        if (outcome instanceof StepOutcome.Continue || outcome instanceof StepOutcome.Succeeded) {
            Object output = outcome instanceof StepOutcome.Continue next ? next.output() : ((StepOutcome.Succeeded) outcome).output();
            try {
                outputJson = json.write(output);
            } catch (RuntimeException | StackOverflowError e) {
                // e.g. nesting deeper than the writer's limit: the same output would fail on every retry
                outcome = new StepOutcome.Failed("States.Runtime", "States." + stateName
                        + ": the output cannot be written as JSON: " + FailureText.describe(e));
            }
        }
        Instant now = clock.instant();
        switch (outcome) {
            case StepOutcome.Continue next -> {
                history.finishState(runId, sequence, StateStatus.SUCCEEDED, outputJson, null, null, next.nextState(),
                        null, now);
                sendNext(runId, sequence, next.nextState());
            }
            case StepOutcome.Succeeded done -> history.finishState(runId, sequence, StateStatus.SUCCEEDED, outputJson,
                    null, null, null, RunStatus.SUCCEEDED, now);
            case StepOutcome.Failed failed -> history.finishState(runId, sequence, StateStatus.FAILED, null,
                    FailureText.storable(failed.error()), FailureText.storable(failed.cause()), null, RunStatus.FAILED, now);
        }
    }

    /** Lets the next delivery claim the step at once. If even this fails, the lease runs out by itself. */
    private void release(UUID runId, int sequence, Throwable failure) {
        try {
            history.releaseState(runId, sequence);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            LOG.warn("could not release step {} of run {} (its lease of {} will run out): {}", sequence, runId,
                    config.stateLease(), e.toString());
        }
    }

    private void resendNextIfLost(StateExecution execution) {
        if (execution.status() == StateStatus.SUCCEEDED && execution.nextState() != null && !execution.nextEnqueued()) {
            sendNext(execution.runId(), execution.sequence(), execution.nextState());
        }
    }

    private void sendNext(UUID runId, int sequence, String nextState) {
        queue.sendStep(new StepMessage(runId.toString(), sequence + 1, nextState));
        history.markNextEnqueued(runId, sequence);
    }

    private String previousOutput(UUID runId, int sequence) {
        return history.stateExecution(runId, sequence - 1)
                .filter(previous -> previous.status() == StateStatus.SUCCEEDED)
                .map(StateExecution::output)
                .orElseThrow(() -> new IllegalStateException("step " + sequence + " of run " + runId
                        + " has no succeeded predecessor"));
    }
}

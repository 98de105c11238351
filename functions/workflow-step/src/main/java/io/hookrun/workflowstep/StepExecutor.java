package io.hookrun.workflowstep;

import io.hookrun.asl.ExecutionContext;
import io.hookrun.asl.StateInterpreter;
import io.hookrun.asl.StateMachine;
import io.hookrun.asl.StepOutcome;
import io.hookrun.asl.TransientStepException;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunHistory.StateClaim;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Executes one state of one run, at most once however often its message is delivered:
 * claim the (run, sequence) row -> evaluate the state -> record the result -> enqueue the next step ->
 * mark it enqueued. A copy arriving after the state finished only re-sends the next step if the first
 * attempt died before sending it; a copy arriving while it executes is retried later.
 */
@Singleton
public class StepExecutor {

    private final RunHistory history;
    private final StateInterpreter interpreter;
    private final StepQueue queue;
    private final JsonText json;
    private final StepConfiguration config;
    private final Clock clock;

    public StepExecutor(RunHistory history, StateInterpreter interpreter, StepQueue queue, JsonText json,
                        StepConfiguration config, Clock clock) {
        this.history = history;
        this.interpreter = interpreter;
        this.queue = queue;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    public void execute(StepMessage step, int receiveCount) {
        UUID runId = UUID.fromString(step.runId());
        Run run = history.findRun(runId)
                .orElseThrow(() -> new IllegalStateException("step " + step.sequence() + " names unknown run " + runId));
        if (run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.FAILED) {
            return; // a late copy of a step of a finished run
        }
        StateMachine machine = StateMachines.parse(run.definition());
        String inputJson = step.sequence() == 0 ? run.input() : previousOutput(runId, step.sequence());
        String stateType = machine.stateType(step.stateName());
        Instant now = clock.instant();

        StateClaim claim = history.claimState(runId, step.sequence(), step.stateName(), stateType, inputJson, now,
                config.stateLease());
        switch (claim) {
            case StateClaim.AlreadyFinished finished -> resendNextIfLost(finished.execution());
            case StateClaim.Busy busy -> throw new IllegalStateException("step " + step.sequence() + " of run " + runId
                    + " is executing elsewhere until " + busy.leaseUntil());
            case StateClaim.Claimed claimed -> run(run, machine, step, inputJson, now, receiveCount);
        }
    }

    private void run(Run run, StateMachine machine, StepMessage step, String inputJson, Instant enteredAt, int receiveCount) {
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
            outcome = interpreter.execute(machine, step.stateName(), json.parse(inputJson), context);
        } catch (TransientStepException e) {
            if (receiveCount < config.maxReceiveCount()) {
                history.releaseState(runId, sequence);
                throw new IllegalStateException("state '" + step.stateName() + "' of run " + runId
                        + " failed transiently, will retry: " + e.getMessage(), e);
            }
            outcome = new StepOutcome.Failed("States.TaskFailed", e.getMessage() + " (after " + receiveCount + " attempts)");
        }
        Instant now = clock.instant();
        switch (outcome) {
            case StepOutcome.Continue next -> {
                history.finishState(runId, sequence, StateStatus.SUCCEEDED, json.write(next.output()), null, null,
                        next.nextState(), null, now);
                sendNext(runId, sequence, next.nextState());
            }
            case StepOutcome.Succeeded done -> history.finishState(runId, sequence, StateStatus.SUCCEEDED,
                    json.write(done.output()), null, null, null, RunStatus.SUCCEEDED, now);
            case StepOutcome.Failed failed -> history.finishState(runId, sequence, StateStatus.FAILED, null,
                    failed.error(), failed.cause(), null, RunStatus.FAILED, now);
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

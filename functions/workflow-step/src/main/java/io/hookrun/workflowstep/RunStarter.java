package io.hookrun.workflowstep;

import io.hookrun.asl.InvalidDefinitionException;
import io.hookrun.asl.StateMachine;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.time.Deadline;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.core.workflow.WorkflowStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns an accepted event into a run: records it in PostgreSQL with a snapshot of the workflow definition
 * (later edits do not change a run in flight) and executes the first state. A redelivered event finds its
 * run already there and goes on with the same first step, which the step executor runs at most once.
 * The definition is validated within what this function can run ({@link StepConfiguration#definitionLimits()}):
 * one that asks for more fails the run at once, naming the problem.
 */
@Singleton
public class RunStarter {

    private static final Logger LOG = LoggerFactory.getLogger(RunStarter.class);

    private final RunHistory history;
    private final WorkflowStore workflows;
    private final StepExecutor executor;
    private final StateMachines machines;
    private final StepConfiguration config;
    private final Clock clock;

    public RunStarter(RunHistory history, WorkflowStore workflows, StepExecutor executor, StateMachines machines,
                      StepConfiguration config, Clock clock) {
        this.history = history;
        this.workflows = workflows;
        this.executor = executor;
        this.machines = machines;
        this.config = config;
        this.clock = clock;
    }

    public void start(CloudEvent event, String eventJson, int receiveCount, Deadline deadline) {
        UUID runId = UUID.fromString(event.hookrunrunid());
        Optional<Run> existing = history.findRun(runId);
        Run run = existing.orElseGet(() -> create(runId, event, eventJson));
        if (run.status() != RunStatus.RUNNING) {
            return; // failed at creation, or a copy of an event whose run already finished
        }
        StateMachine machine;
        try {
            machine = machines.parse(run.definition());
        } catch (InvalidDefinitionException e) {
            executor.failInvalidDefinition(runId, 0, e);
            return;
        }
        executor.execute(new StepMessage(runId.toString(), 0, machine.startAt()), receiveCount, deadline);
    }

    /**
     * Ends the event's run FAILED {@value StepExecutor#STEP_ABANDONED}: its message is leaving the queue for good.
     * A run that was never created (the database was out on every delivery) is created FAILED, so its run id,
     * already given to the sender, shows why instead of answering 404.
     */
    public void abandon(CloudEvent event, String eventJson, String cause) {
        UUID runId = UUID.fromString(event.hookrunrunid());
        Instant now = clock.instant();
        String storable = FailureText.storable(cause);
        if (history.findRun(runId).isEmpty()) {
            history.createRun(failed(runId, event, eventJson, null, parseTime(event.time(), now), now,
                    StepExecutor.STEP_ABANDONED, storable));
        }
        history.failRun(runId, 0, StepExecutor.STEP_ABANDONED, storable, now);
        LOG.error("run {} FAILED {} at its first state: {}", runId, StepExecutor.STEP_ABANDONED, cause);
    }

    private Run create(UUID runId, CloudEvent event, String eventJson) {
        Instant now = clock.instant();
        Instant receivedAt = parseTime(event.time(), now);
        Optional<StoredWorkflow> workflow = workflows.find(event.hookrunworkflowid());
        Run run;
        if (workflow.isEmpty()) {
            run = failed(runId, event, eventJson, null, receivedAt, now, "hookrun.WorkflowNotFound",
                    "workflow '" + event.hookrunworkflowid() + "' does not exist");
        } else {
            String definition = workflow.get().definition();
            try {
                machines.validate(definition, config.definitionLimits());
                run = new Run(runId, event.hookruntriggerid(), event.hookrunworkflowid(), event.id(), RunStatus.RUNNING,
                        eventJson, null, null, null, definition, receivedAt, now, null);
            } catch (InvalidDefinitionException e) {
                run = failed(runId, event, eventJson, definition, receivedAt, now, StepExecutor.INVALID_DEFINITION,
                        FailureText.storable(String.join("; ", e.problems())));
            }
        }
        history.createRun(run);
        // Another copy may have created it first: what is stored is the truth.
        return history.findRun(runId).orElseThrow(() -> new IllegalStateException("run " + runId + " vanished"));
    }

    private static Run failed(UUID runId, CloudEvent event, String eventJson, String definition, Instant receivedAt,
                              Instant now, String error, String cause) {
        return new Run(runId, event.hookruntriggerid(), event.hookrunworkflowid(), event.id(), RunStatus.FAILED,
                eventJson, null, error, cause, definition, receivedAt, now, now);
    }

    private static Instant parseTime(String time, Instant fallback) {
        try {
            return time == null ? fallback : Instant.parse(time);
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}

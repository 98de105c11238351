package io.hookrun.workflowstep;

import io.hookrun.asl.InvalidDefinitionException;
import io.hookrun.asl.StateMachine;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.Frames;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.time.Deadline;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.core.workflow.WorkflowStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns an accepted event, or a start from the admin API, into a run: records it in PostgreSQL with a snapshot of the
 * workflow definition (later edits do not change a run in flight) and executes the first state of its main chain.
 * A redelivered message finds its run already there and goes on with the same first step, which the step executor
 * runs at most once. The definition is validated within what this function can run
 * ({@link StepConfiguration#definitionLimits()}): one that asks for more fails the run at once, naming the problem.
 *
 * <p>A run started by an event has the CloudEvent as its input. A run started from the admin API
 * ({@link StartRunMessage}) has the raw JSON it was given as its input ({@code $states.input}), no trigger, and its
 * name (if any) as its {@code eventId}: {@code $states.context.Execution.Name} is that name, or the run id.
 */
@Singleton
public class RunStarter {

    /** The error of a run whose workflow does not exist. */
    public static final String WORKFLOW_NOT_FOUND = "hookrun.WorkflowNotFound";
    /** The error of a run started from the admin API with an input that is not JSON. */
    public static final String INVALID_INPUT = "hookrun.InvalidInput";

    private static final Logger LOG = LoggerFactory.getLogger(RunStarter.class);

    private final RunHistory history;
    private final WorkflowStore workflows;
    private final StepExecutor executor;
    private final StateMachines machines;
    private final JsonText json;
    private final StepConfiguration config;
    private final Clock clock;

    public RunStarter(RunHistory history, WorkflowStore workflows, StepExecutor executor, StateMachines machines,
                      JsonText json, StepConfiguration config, Clock clock) {
        this.history = history;
        this.workflows = workflows;
        this.executor = executor;
        this.machines = machines;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    /** What a new run is made of, whichever message started it. */
    private record Start(UUID runId, @Nullable String triggerId, String workflowId, @Nullable String eventId,
                         String input, Instant requestedAt) { }

    /** Starts (or, for a redelivered event, goes on with) the run the event announced. */
    public void start(CloudEvent event, String eventJson, int receiveCount, Deadline deadline) {
        begin(startOf(event, eventJson), receiveCount, deadline);
    }

    /** Starts (or goes on with) a run started from the admin API. */
    public void start(StartRunMessage start, int receiveCount, Deadline deadline) {
        begin(startOf(start), receiveCount, deadline);
    }

    /**
     * Ends the event's run FAILED {@value StepExecutor#STEP_ABANDONED}: its message is leaving the queue for good.
     * A run that was never created (the database was out on every delivery) is created FAILED, so its run id,
     * already given to the sender, shows why instead of answering 404.
     */
    public void abandon(CloudEvent event, String eventJson, String cause) {
        abandon(startOf(event, eventJson), cause);
    }

    /** As {@link #abandon(CloudEvent, String, String)}, for a start from the admin API, whose run id was answered too. */
    public void abandon(StartRunMessage start, String cause) {
        abandon(startOf(start), cause);
    }

    private void begin(Start start, int receiveCount, Deadline deadline) {
        Optional<Run> existing = history.findRun(start.runId());
        Run run = existing.orElseGet(() -> create(start));
        if (run.status() != RunStatus.RUNNING) {
            return; // failed at creation, or a copy of a message whose run already finished
        }
        StateMachine machine;
        try {
            machine = machines.parse(run.definition());
        } catch (InvalidDefinitionException e) {
            executor.failInvalidDefinition(run.id(), Frames.ROOT, 0, e);
            return;
        }
        executor.execute(new StepMessage(run.id().toString(), 0, machine.startAt()), receiveCount, deadline);
    }

    private void abandon(Start start, String cause) {
        Instant now = clock.instant();
        String storable = FailureText.storable(cause);
        if (history.findRun(start.runId()).isEmpty()) {
            history.createRun(failed(start, null, now, StepExecutor.STEP_ABANDONED, storable));
        }
        history.failRun(start.runId(), Frames.ROOT, 0, StepExecutor.STEP_ABANDONED, storable, now);
        LOG.error("run {} FAILED {} at its first state: {}", start.runId(), StepExecutor.STEP_ABANDONED, cause);
    }

    private Run create(Start start) {
        Instant now = clock.instant();
        Optional<StoredWorkflow> workflow = workflows.find(start.workflowId());
        Run run;
        if (workflow.isEmpty()) {
            run = failed(start, null, now, WORKFLOW_NOT_FOUND, "workflow '" + start.workflowId() + "' does not exist");
        } else if (!isJson(start.input())) {
            run = failed(start, workflow.get().definition(), now, INVALID_INPUT, "the run's input is not JSON");
        } else {
            String definition = workflow.get().definition();
            try {
                machines.validate(definition, config.definitionLimits());
                run = new Run(start.runId(), start.triggerId(), start.workflowId(), start.eventId(), RunStatus.RUNNING,
                        start.input(), null, null, null, definition, start.requestedAt(), now, null);
            } catch (InvalidDefinitionException e) {
                run = failed(start, definition, now, StepExecutor.INVALID_DEFINITION,
                        FailureText.storable(String.join("; ", e.problems())));
            }
        }
        if (history.createRun(run) && run.status() == RunStatus.FAILED) {
            LOG.warn("run {} of workflow '{}' FAILED {} as it started: {}", run.id(), run.workflowId(), run.error(),
                    run.cause());
        }
        // Another copy may have created it first: what is stored is the truth.
        return history.findRun(start.runId())
                .orElseThrow(() -> new IllegalStateException("run " + start.runId() + " vanished"));
    }

    private boolean isJson(String input) {
        try {
            json.parse(input);
            return input != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Run failed(Start start, String definition, Instant now, String error, String cause) {
        return new Run(start.runId(), start.triggerId(), start.workflowId(), start.eventId(), RunStatus.FAILED,
                start.input(), null, error, cause, definition, start.requestedAt(), now, now);
    }

    private Start startOf(CloudEvent event, String eventJson) {
        return new Start(UUID.fromString(event.hookrunrunid()), event.hookruntriggerid(), event.hookrunworkflowid(),
                event.id(), eventJson, parseTime(event.time(), clock.instant()));
    }

    private Start startOf(StartRunMessage start) {
        return new Start(UUID.fromString(start.runId()), null, start.workflowId(), start.name(), start.input(),
                parseTime(start.requestedAt(), clock.instant()));
    }

    private static Instant parseTime(String time, Instant fallback) {
        try {
            return time == null ? fallback : Instant.parse(time);
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}

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
import io.hookrun.core.run.RunHistory.StateClaim;
import io.hookrun.core.run.RunHistory.StateFinish;
import io.hookrun.core.run.RunHistory.StateStart;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.time.Deadline;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.lambda.logging.LogContext;
import io.hookrun.lambda.telemetry.MetricNames;
import io.hookrun.lambda.telemetry.Metrics;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
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
 *
 * <p>A replay ({@link StartRunMessage#replayOf()}, ADR 0007) is a new run of the replayed run's definition snapshot,
 * trigger and input, read from run history (not from the workflow store: later edits do not change what is
 * replayed); it records {@code replayOf}. A replay from a state ({@link StartRunMessage#startState()}) starts with a
 * seed step: step 0 of its main chain is a SUCCEEDED step of type {@value #REPLAY_SEED_TYPE} whose output and variables
 * are the input and the variables the state's first execution in the replayed run's main chain read, and whose next
 * state is that state, which then runs as step 1 the way any step reads its predecessor. Run history shows where the
 * replay started and with what, and the sweeper resumes such a run like any other.
 */
@Singleton
public class RunStarter {

    /** The error of a run whose workflow does not exist. */
    public static final String WORKFLOW_NOT_FOUND = "hookrun.WorkflowNotFound";
    /**
     * The error of a run whose workflow was retired ({@code DELETE /admin/workflows/{id}}) before it started: recorded,
     * never dropped, so the delivery's run id shows why nothing ran (ADR 0009).
     */
    public static final String WORKFLOW_RETIRED = "hookrun.WorkflowRetired";
    /** The error of a run started from the admin API with an input that is not JSON. */
    public static final String INVALID_INPUT = "hookrun.InvalidInput";
    /** The error of a replay whose run, or whose state to start from, run history no longer has. */
    public static final String INVALID_REPLAY = "hookrun.InvalidReplay";
    /** The state type of a replay's seed step (see the class comment). */
    public static final String REPLAY_SEED_TYPE = "Replay";
    /** The state name of a replay's seed step: not a name a workflow author would give a state. */
    public static final String REPLAY_SEED_STATE = "hookrun:replay";

    private static final Logger LOG = LoggerFactory.getLogger(RunStarter.class);

    private final RunHistory history;
    private final WorkflowStore workflows;
    private final StepExecutor executor;
    private final StateMachines machines;
    private final JsonText json;
    private final StepConfiguration config;
    private final Clock clock;
    private final Metrics metrics;

    public RunStarter(RunHistory history, WorkflowStore workflows, StepExecutor executor, StateMachines machines,
                      JsonText json, StepConfiguration config, Clock clock, Metrics metrics) {
        this.metrics = metrics;
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
                         String input, Instant requestedAt, @Nullable Replay replay) { }

    /**
     * What a replay starts from: the replayed run (null when run history no longer has it) and the state to start at.
     */
    private record Replay(UUID of, @Nullable Run replayed, @Nullable String startState) { }

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
        putStartContext(start);
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
        String startState = start.replay() == null ? null : start.replay().startState();
        if (startState != null) {
            if (seed(run, start.replay(), startState)) {
                executor.execute(new StepMessage(run.id().toString(), 1, startState), receiveCount, deadline);
            }
            return;
        }
        executor.execute(new StepMessage(run.id().toString(), 0, machine.startAt()), receiveCount, deadline);
    }

    /**
     * Writes (once) the seed step of a replay from {@code state}: true when it is there, false when the run was failed
     * instead (the replayed run's first execution of the state is gone).
     */
    private boolean seed(Run run, Replay replay, String state) {
        Instant now = clock.instant();
        Optional<StateExecution> existing = history.stateExecution(run.id(), Frames.ROOT, 0);
        if (existing.isPresent() && existing.get().status() == StateStatus.SUCCEEDED) {
            return true;
        }
        StateExecution first = replay.replayed() == null ? null : firstInMainChain(replay.replayed().id(), state);
        if (first == null) {
            history.failRun(run.id(), Frames.ROOT, 0, INVALID_REPLAY, "state '" + state + "' never ran in the main"
                    + " chain of run " + replay.of(), now);
            return false;
        }
        String variables = first.sequence() == 0 ? null : history.stateExecution(replay.replayed().id(), Frames.ROOT,
                first.sequence() - 1).map(StateExecution::variables).orElse(null);
        StateClaim claim = history.claimState(new StateStart(run.id(), Frames.ROOT, 0, REPLAY_SEED_STATE,
                REPLAY_SEED_TYPE, first.input(), variables), now, config.stateLease());
        switch (claim) {
            case StateClaim.Claimed claimed -> history.finishState(new StateFinish(run.id(), Frames.ROOT, 0,
                    StateStatus.SUCCEEDED, first.input(), variables, null, null, state, null, null, null, now));
            case StateClaim.Busy busy -> throw new StateBusyException("the seed of replay " + run.id()
                    + " is being written elsewhere", busy.leaseUntil());
            default -> { }
        }
        history.markNextEnqueued(run.id(), Frames.ROOT, 0); // what follows is executed right here
        return true;
    }

    /** The first execution of {@code state} in the main chain of run {@code runId}, or null. */
    private StateExecution firstInMainChain(UUID runId, String state) {
        return history.stateExecutions(runId).stream()
                .filter(s -> Frames.isRoot(s.frame()) && s.stateName().equals(state))
                .min(Comparator.comparingInt(StateExecution::sequence))
                .orElse(null);
    }

    /** The run's ids in the MDC (see {@link StepExecutor#putRunContext}). */
    private static void putStartContext(Start start) {
        LogContext.put(LogContext.RUN_ID, start.runId().toString());
        LogContext.put(LogContext.TRIGGER_ID, start.triggerId());
        LogContext.put(LogContext.DELIVERY_ID, start.triggerId() == null ? null : start.eventId());
    }

    private void abandon(Start start, String cause) {
        putStartContext(start);
        Instant now = clock.instant();
        String storable = FailureText.storable(cause);
        if (history.findRun(start.runId()).isEmpty()) {
            history.createRun(failed(start, null, now, StepExecutor.STEP_ABANDONED, storable));
        }
        if (history.failRun(start.runId(), Frames.ROOT, 0, StepExecutor.STEP_ABANDONED, storable, now)) {
            metrics.count(MetricNames.RUNS_FAILED, Map.of());
        }
        LOG.error("run {} FAILED {} at its first state: {}", start.runId(), StepExecutor.STEP_ABANDONED, cause);
    }

    private Run create(Start start) {
        Instant now = clock.instant();
        Optional<StoredWorkflow> workflow = start.replay() == null ? workflows.find(start.workflowId())
                : snapshotOf(start.replay());
        Run run;
        if (start.replay() != null && workflow.isEmpty()) {
            run = failed(start, null, now, INVALID_REPLAY, "run " + start.replay().of()
                    + (start.replay().replayed() == null ? " is not in run history" : " has no definition to replay"));
        } else if (workflow.isEmpty()) {
            run = failed(start, null, now, WORKFLOW_NOT_FOUND, "workflow '" + start.workflowId() + "' does not exist");
        } else if (workflow.get().retired()) {
            run = failed(start, null, now, WORKFLOW_RETIRED, "workflow '" + start.workflowId() + "' was retired at "
                    + workflow.get().retiredAt() + "; a new version (PUT) brings it back");
        } else if (!isJson(start.input())) {
            run = failed(start, workflow.get(), now, INVALID_INPUT, "the run's input is not JSON");
        } else {
            String definition = workflow.get().definition();
            try {
                machines.validate(definition, config.definitionLimits());
                run = new Run(start.runId(), start.triggerId(), start.workflowId(), start.eventId(), RunStatus.RUNNING,
                        start.input(), null, null, null, definition, start.requestedAt(), now, null, replayOf(start),
                        versionOf(start, workflow.get()));
            } catch (InvalidDefinitionException e) {
                run = failed(start, workflow.get(), now, StepExecutor.INVALID_DEFINITION,
                        FailureText.storable(String.join("; ", e.problems())));
            }
        }
        boolean created = history.createRun(run);
        if (created && run.status() == RunStatus.RUNNING) {
            LOG.info("run {} of workflow '{}' started", run.id(), run.workflowId());
        }
        if (created && run.status() == RunStatus.FAILED) {
            metrics.count(MetricNames.RUNS_FAILED, Map.of());
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

    private static Run failed(Start start, @Nullable StoredWorkflow workflow, Instant now, String error, String cause) {
        return new Run(start.runId(), start.triggerId(), start.workflowId(), start.eventId(), RunStatus.FAILED,
                start.input(), null, error, cause, workflow == null ? null : workflow.definition(), start.requestedAt(),
                now, now, replayOf(start), workflow == null ? null : versionOf(start, workflow));
    }

    private static UUID replayOf(Start start) {
        return start.replay() == null ? null : start.replay().of();
    }

    /**
     * The replayed run's definition, as the stored workflow it started from (a replay never reads the store, so it
     * runs even once the workflow is retired, on the replayed run's version); never retired.
     */
    private static Optional<StoredWorkflow> snapshotOf(Replay replay) {
        Run replayed = replay.replayed();
        if (replayed == null || replayed.definition() == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredWorkflow(replayed.workflowId(), replayed.definition(), replayed.createdAt(),
                replayed.createdAt()));
    }

    /**
     * The workflow version a new run records: the stored one, or for a replay the replayed run's (null when that run
     * was recorded before versions existed).
     */
    private static @Nullable Integer versionOf(Start start, StoredWorkflow workflow) {
        if (start.replay() == null) {
            return workflow.version();
        }
        return start.replay().replayed() == null ? null : start.replay().replayed().workflowVersion();
    }

    private Start startOf(CloudEvent event, String eventJson) {
        return new Start(UUID.fromString(event.hookrunrunid()), event.hookruntriggerid(), event.hookrunworkflowid(),
                event.id(), eventJson, parseTime(event.time(), clock.instant()), null);
    }

    /**
     * A start from the admin API; for a replay, the trigger, delivery id and input of the replayed run (a webhook
     * run's replay keeps its trigger and delivery id: it processes the same event again; an admin start's keeps no
     * name, names being unique).
     */
    private Start startOf(StartRunMessage start) {
        Instant requestedAt = parseTime(start.requestedAt(), clock.instant());
        if (start.replayOf() == null) {
            return new Start(UUID.fromString(start.runId()), null, start.workflowId(), start.name(), start.input(),
                    requestedAt, null);
        }
        UUID of = UUID.fromString(start.replayOf());
        Run replayed = history.findRun(of).orElse(null);
        Replay replay = new Replay(of, replayed, start.startState());
        if (replayed == null) {
            return new Start(UUID.fromString(start.runId()), null, start.workflowId(), null, "null", requestedAt,
                    replay);
        }
        return new Start(UUID.fromString(start.runId()), replayed.triggerId(), replayed.workflowId(),
                replayed.triggerId() == null ? null : replayed.eventId(), replayed.input(), requestedAt, replay);
    }

    private static Instant parseTime(String time, Instant fallback) {
        try {
            return time == null ? fallback : Instant.parse(time);
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}

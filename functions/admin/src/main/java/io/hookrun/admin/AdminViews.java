package io.hookrun.admin;

import io.hookrun.core.json.JsonText;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.workflow.StoredWorkflow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the admin API shows of workflows, triggers and runs: the JSON bodies of its 200 answers. Stored JSON text
 * (definitions, run inputs and outputs) is shown as JSON, not as a string holding JSON; a trigger's secrets are
 * shown only as a count.
 */
@Singleton
public class AdminViews {

    /** A stored workflow. */
    @Serdeable
    public record WorkflowView(String id, Object definition, Instant createdAt, Instant updatedAt) {
    }

    /** A trigger, without its secrets. */
    @Serdeable
    public record TriggerView(String id, String workflowId, SignatureView signature, String webhookPath,
                              Instant createdAt, Instant updatedAt) {
    }

    /** The signature settings without the secrets. */
    @Serdeable
    public record SignatureView(String scheme, int activeSecrets) {
    }

    /** Why a run or state failed, as Step Functions reports it. */
    @Serdeable
    public record ErrorView(String error, @Nullable String cause) {
    }

    /** One executed state, with its timing. */
    @Serdeable
    public record StateView(int sequence, String name, String type, String status, @Nullable Object input,
                            @Nullable Object output, @Nullable ErrorView error, int attempts, Instant startedAt,
                            @Nullable Instant finishedAt, @Nullable Long durationMs) {
    }

    /** A whole run. */
    @Serdeable
    public record RunView(String runId, String triggerId, String workflowId, String eventId, String status,
                          @Nullable Object input, @Nullable Object output, @Nullable ErrorView error,
                          Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt,
                          @Nullable Long durationMs, List<StateView> states) {
    }

    /** A run in a list. */
    @Serdeable
    public record RunSummary(String runId, String triggerId, String workflowId, String eventId, String status,
                             @Nullable ErrorView error, Instant createdAt, @Nullable Instant finishedAt) {
    }

    private final JsonText json;

    public AdminViews(JsonText json) {
        this.json = json;
    }

    public WorkflowView workflow(StoredWorkflow workflow) {
        return new WorkflowView(workflow.id(), json.parse(workflow.definition()), workflow.createdAt(),
                workflow.updatedAt());
    }

    public TriggerView trigger(Trigger trigger) {
        return new TriggerView(trigger.id(), trigger.workflowId(),
                new SignatureView(trigger.signatureScheme(), trigger.secrets().size()),
                "/hooks/" + trigger.id(), trigger.createdAt(), trigger.updatedAt());
    }

    public RunView run(Run run, List<StateExecution> states) {
        return new RunView(run.id().toString(), run.triggerId(), run.workflowId(), run.eventId(), run.status().name(),
                json.parse(run.input()), json.parse(run.output()), error(run.error(), run.cause()), run.createdAt(),
                run.startedAt(), run.finishedAt(), millis(run.startedAt(), run.finishedAt()),
                states.stream().map(this::state).toList());
    }

    public RunSummary summary(Run run) {
        return new RunSummary(run.id().toString(), run.triggerId(), run.workflowId(), run.eventId(),
                run.status().name(), error(run.error(), run.cause()), run.createdAt(), run.finishedAt());
    }

    private StateView state(StateExecution s) {
        return new StateView(s.sequence(), s.stateName(), s.stateType(), s.status().name(), json.parse(s.input()),
                json.parse(s.output()), error(s.error(), s.cause()), s.attempts(), s.startedAt(), s.finishedAt(),
                millis(s.startedAt(), s.finishedAt()));
    }

    private static ErrorView error(@Nullable String error, @Nullable String cause) {
        return error == null ? null : new ErrorView(error, cause);
    }

    private static Long millis(@Nullable Instant start, @Nullable Instant end) {
        return start == null || end == null ? null : Duration.between(start, end).toMillis();
    }
}

package io.hookrun.admin;

import io.hookrun.core.idempotency.RunIdGenerator;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.Frames;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.StateExecution;
import io.hookrun.lambda.DependencyFailures;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /admin/runs/{id}/replay} with an optional body {@code {"fromState": "<state>"}} (ADR 0007): a new run of
 * the same workflow snapshot (the definition the run started with, whatever the workflow holds now), the same trigger
 * and the same input. With {@code fromState}, the new run starts at that state of the main chain with the input and
 * variables its first execution there recorded. The new run records {@code replayOf}. It starts the way an admin start
 * does: a {@link StartRunMessage} on the steps queue, which the step function turns into the run
 * ({@code RunStarter}); the answer is 202 once SQS has stored it.
 *
 * <p>Only a finished run is replayed (a running one would compete with its copy for the same downstreams); one that
 * failed before it had a definition (its workflow did not exist) has nothing to replay.
 */
@Singleton
public class RunReplay {

    private static final Logger LOG = LoggerFactory.getLogger(RunReplay.class);
    private static final int MAX_BODY_BYTES = 4096;

    /** How a replay request turned out. */
    public sealed interface Outcome {
        record Started(ReplayAnswer answer) implements Outcome { }
        record NotFound(String runId) implements Outcome { }
        record NotARunId(String runId) implements Outcome { }
        /** The run is still QUEUED or RUNNING. */
        record NotFinished(String runId, String status) implements Outcome { }
        /** The run has no definition snapshot (it failed as it started: its workflow did not exist). */
        record NoSnapshot(String runId) implements Outcome { }
        /** The body is not {@code {}} or {@code {"fromState": "<name>"}}. */
        record InvalidBody(String problem) implements Outcome { }
        /** {@code fromState} never ran in the run's main chain (it is not a state, or only ran inside a branch). */
        record StateNotInMainChain(String runId, String state, boolean inBranch) implements Outcome { }
        /** The steps queue did not take the start: nothing was started. */
        record NotQueued(Duration retryAfter) implements Outcome { }
    }

    /**
     * The answer: the new run, which it replays, and where to follow it.
     *
     * @param fromState the state it starts at; null: the definition's StartAt
     */
    @Serdeable
    public record ReplayAnswer(String runId, String workflowId, String status, String replayOf,
                               @Nullable String fromState, Instant requestedAt, String location) { }

    private final RunHistory history;
    private final StepQueue queue;
    private final RunIdGenerator ids;
    private final JsonText json;
    private final Clock clock;

    public RunReplay(RunHistory history, StepQueue queue, RunIdGenerator ids, JsonText json, Clock clock) {
        this.history = history;
        this.queue = queue;
        this.ids = ids;
        this.json = json;
        this.clock = clock;
    }

    public Outcome replay(String runId, @Nullable byte[] body) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            return new Outcome.NotARunId(runId);
        }
        String fromState;
        try {
            fromState = fromState(body);
        } catch (IllegalArgumentException e) {
            return new Outcome.InvalidBody(e.getMessage());
        }
        Optional<Run> found = history.findRun(id);
        if (found.isEmpty()) {
            return new Outcome.NotFound(runId);
        }
        Run run = found.get();
        if (!run.status().finished()) {
            return new Outcome.NotFinished(id.toString(), run.status().name());
        }
        if (run.definition() == null) {
            return new Outcome.NoSnapshot(id.toString());
        }
        if (fromState != null) {
            Outcome refused = checkMainChain(run, fromState);
            if (refused != null) {
                return refused;
            }
        }
        Instant now = clock.instant();
        String newRunId = ids.newRunId().toString();
        try {
            queue.sendStart(new StartRunMessage(newRunId, run.workflowId(), null, null, now.toString(),
                    id.toString(), fromState));
        } catch (RuntimeException e) {
            if (!DependencyFailures.isDependencyFailure(e)) {
                throw e;
            }
            LOG.warn("the steps queue did not take the replay of run {}: {}", id, e.toString());
            return new Outcome.NotQueued(RunStartAdmin.RETRY_AFTER_OUTAGE);
        }
        LOG.info("queued run {} replaying run {}{}", newRunId, id, fromState == null ? "" : " from state " + fromState);
        return new Outcome.Started(new ReplayAnswer(newRunId, run.workflowId(), "QUEUED", id.toString(), fromState,
                now, "/admin/runs/" + newRunId));
    }

    private Outcome checkMainChain(Run run, String state) {
        List<StateExecution> executions = history.stateExecutions(run.id());
        boolean inMainChain = executions.stream().anyMatch(s -> Frames.isRoot(s.frame()) && s.stateName().equals(state));
        if (inMainChain) {
            return null;
        }
        boolean inBranch = executions.stream().anyMatch(s -> !Frames.isRoot(s.frame()) && s.stateName().equals(state));
        return new Outcome.StateNotInMainChain(run.id().toString(), state, inBranch);
    }

    /** {@code fromState} of the body, or null for no body, {@code {}} or {@code "fromState": null}. */
    private String fromState(@Nullable byte[] body) {
        if (body == null || body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("the body may have at most " + MAX_BODY_BYTES + " bytes");
        }
        Object parsed;
        try {
            parsed = json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
        if (!(parsed instanceof Map<?, ?> object)) {
            throw new IllegalArgumentException("the body must be a JSON object: {} or {\"fromState\": \"<state name>\"}");
        }
        for (Object key : object.keySet()) {
            if (!"fromState".equals(key)) {
                throw new IllegalArgumentException("unknown member '" + key + "': the body takes only fromState");
            }
        }
        Object state = object.get("fromState");
        if (state == null) {
            return null;
        }
        if (!(state instanceof String name) || name.isEmpty()) {
            throw new IllegalArgumentException("fromState must be the name of a state of the run's main chain");
        }
        return name;
    }
}

package io.hookrun.admin;

import io.hookrun.core.idempotency.DeliveryClaims;
import io.hookrun.core.idempotency.DeliveryClaims.Decision;
import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.core.idempotency.RunIdGenerator;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.lambda.DependencyFailures;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /admin/workflows/{id}/runs?name=}: starts a run of a workflow with a raw JSON input, as Step Functions'
 * StartExecution does, by putting a {@link StartRunMessage} on the steps queue; the step function creates the run when
 * it takes the message. The answer is 202 only once SQS has stored the message.
 *
 * <p>A {@code name} makes the start idempotent with StartExecution's rules
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html): the same name with the same
 * input while its run is open answers that run again; another input, or a run that has ended, is
 * {@code ExecutionAlreadyExists}. The name is claimed with the webhook path's machinery ({@link DeliveryClaims}, under
 * {@link DeliveryKey#runName}), so the guarantees are the webhook's: of concurrent starts one wins and the others are
 * told to retry; a claim whose send failed is abandoned, not deleted, so the retry takes it over at once and re-sends
 * under the same run id (if the failed send had reached SQS after all, the step function drops the second copy: the
 * run exists); a claim whose holder died is taken over, with its run id, once its lease (the invocation's remaining
 * time) has run out. A name is remembered for the delivery retention ({@code HOOKRUN_DELIVERY_RETENTION}, 72 h), where
 * AWS keeps execution names for 90 days.
 *
 * <p>Without a name, every call starts a new run. A retired workflow starts none (ADR 0009).
 */
@Singleton
public class RunStartAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(RunStartAdmin.class);
    /** How long a caller is asked to wait after SQS failed: enough for a blip or throttling to pass. */
    static final Duration RETRY_AFTER_OUTAGE = Duration.ofSeconds(5);
    /**
     * The largest start message the steps queue takes: SQS's default {@code MaximumMessageSize}, 256 KiB (the template
     * does not raise it, and ElasticMQ enforces it), less 1 KiB for the message attributes, which count towards it
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html). The input
     * travels as a JSON string, so its quotes and backslashes take two bytes each: an input close to 256 KiB may not fit.
     */
    static final int MAX_MESSAGE_BYTES = 256 * 1024 - 1024;
    private static final String SAME_LENGTH_AS_A_RUN_ID = new UUID(0, 0).toString();

    private final WorkflowStore workflows;
    private final DeliveryClaims claims;
    private final StepQueue queue;
    private final RunIdGenerator ids;
    private final RunHistory history;
    private final JsonText json;
    private final JsonMapper mapper;
    private final Clock clock;

    public RunStartAdmin(WorkflowStore workflows, DeliveryClaims claims, StepQueue queue, RunIdGenerator ids,
                         RunHistory history, JsonText json, JsonMapper mapper, Clock clock) {
        this.workflows = workflows;
        this.claims = claims;
        this.queue = queue;
        this.ids = ids;
        this.history = history;
        this.json = json;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Starts a run of {@code workflowId} with {@code body} as its input.
     *
     * @param name      the run's name; null for an unnamed start
     * @param remaining the invocation's remaining time: the longest a name claim may stay held if this invocation dies
     * @throws RuntimeException a store's failure before anything was queued (an outage is answered 503 by the handler,
     *                          anything else 500), or a bug after a name claim was abandoned
     */
    public RunStart start(String workflowId, @Nullable String name, byte[] body, Duration remaining) {
        String idProblem = ResourceIds.problem("workflow", workflowId);
        if (idProblem != null) {
            return new InvalidId(idProblem);
        }
        if (name != null) {
            String nameProblem = ExecutionNames.problem(name);
            if (nameProblem != null) {
                return new RunStart.InvalidName(nameProblem);
            }
        }
        RunInput.Valid input;
        switch (RunInput.read(body)) {
            case RunInput.Refused(RunStart refused) -> {
                return refused;
            }
            case RunInput.Valid valid -> input = valid;
        }
        Optional<StoredWorkflow> workflow = workflows.find(workflowId);
        if (workflow.isEmpty()) {
            return new RunStart.UnknownWorkflow(workflowId);
        }
        if (workflow.get().retired()) {
            return new RunStart.WorkflowRetired(workflowId);
        }
        Instant now = clock.instant();
        int queued = bytes(new StartRunMessage(SAME_LENGTH_AS_A_RUN_ID, workflowId, name, input.json(), now.toString()));
        if (queued > MAX_MESSAGE_BYTES) {
            return new RunStart.InputTooLarge(queued, MAX_MESSAGE_BYTES, true);
        }
        return name == null ? startUnnamed(workflowId, input, now) : startNamed(workflowId, name, input, now, remaining);
    }

    private RunStart startUnnamed(String workflowId, RunInput.Valid input, Instant now) {
        String runId = ids.newRunId().toString();
        try {
            queue.sendStart(new StartRunMessage(runId, workflowId, null, input.json(), now.toString()));
        } catch (RuntimeException e) {
            if (!DependencyFailures.isDependencyFailure(e)) {
                throw e;
            }
            LOG.warn("the steps queue did not take the start of run {} of workflow {} (unnamed): {}", runId, workflowId,
                    e.toString());
            return new RunStart.NotQueued(false, RETRY_AFTER_OUTAGE);
        }
        LOG.info("queued run {} of workflow {} (unnamed start)", runId, workflowId);
        return new RunStart.Started(StartAnswer.queued(runId, workflowId, null, now));
    }

    private RunStart startNamed(String workflowId, String name, RunInput.Valid input, Instant now, Duration remaining) {
        Decision decision = claims.begin(DeliveryKey.runName(workflowId, name), input.sha256(), now, remaining);
        return switch (decision) {
            case Decision.Proceed claim -> send(claim, workflowId, name, input, now);
            case Decision.Replay replay -> replay(workflowId, name, replay.body());
            case Decision.InProgress inProgress -> new RunStart.StartInProgress(name, inProgress.retryAfter());
            case Decision.PayloadMismatch ignored -> new RunStart.NameTaken(workflowId, name, null, false);
        };
    }

    private RunStart send(Decision.Proceed claim, String workflowId, String name, RunInput.Valid input, Instant now) {
        StartAnswer answer = StartAnswer.queued(claim.runId(), workflowId, name, now);
        try {
            queue.sendStart(new StartRunMessage(claim.runId(), workflowId, name, input.json(), now.toString()));
        } catch (RuntimeException e) {
            boolean leaseGivenUp = abandonQuietly(claim);
            if (!DependencyFailures.isDependencyFailure(e)) {
                throw e;
            }
            LOG.warn("the steps queue did not take the start of run {} of workflow {} named {}; the name keeps its run id"
                    + " and {}: {}", claim.runId(), workflowId, name,
                    leaseGivenUp ? "gave up its lease" : "holds its lease until it ends", e.toString());
            return new RunStart.NotQueued(true, leaseGivenUp ? RETRY_AFTER_OUTAGE : untilLeaseEnds(claim));
        }
        LOG.info("queued run {} of workflow {} named {}", claim.runId(), workflowId, name);
        recordAnswer(claim, answer);
        return new RunStart.Started(answer);
    }

    /**
     * The start is durable on SQS, so it is a success whatever happens here. If the answer cannot be stored, the lease
     * is given up: a retry then takes the claim over and re-sends under the same run id instead of waiting.
     */
    private void recordAnswer(Decision.Proceed claim, StartAnswer answer) {
        try {
            if (!claims.complete(claim, 202, json.write(answer))) {
                LOG.warn("the name claim of run {} was taken over before its answer was stored", claim.runId());
            }
        } catch (RuntimeException e) {
            logFailure("could not store the answer of the start of run " + claim.runId() + " (it is queued)", e);
            abandonQuietly(claim);
        }
    }

    /**
     * The name was used before with this input. StartExecution answers the same execution again while it is open, and
     * {@code ExecutionAlreadyExists} once it has ended. A run not recorded yet is open: its start message is queued.
     */
    private RunStart replay(String workflowId, String name, String storedAnswer) {
        StartAnswer first = read(storedAnswer);
        Optional<Run> run = history.findRun(UUID.fromString(first.runId()));
        if (run.isPresent() && run.get().status().finished()) {
            return new RunStart.NameTaken(workflowId, name, first.runId(), true);
        }
        return new RunStart.Replayed(first.withStatus(run.map(r -> r.status().name()).orElse(RunStatus.QUEUED.name())));
    }

    /** True when the lease no longer holds a retry back: given up now (or already taken over by a copy). */
    private boolean abandonQuietly(Decision.Proceed claim) {
        try {
            claims.abandon(claim, clock.instant());
            return true;
        } catch (RuntimeException e) {
            logFailure("could not give up the name claim of run " + claim.runId() + "; it holds until its lease ends", e);
            return false;
        }
    }

    private Duration untilLeaseEnds(Decision.Proceed claim) {
        Duration left = Duration.between(clock.instant(), claim.leaseExpiresAt());
        return left.compareTo(RETRY_AFTER_OUTAGE) < 0 ? RETRY_AFTER_OUTAGE : left;
    }

    private int bytes(StartRunMessage message) {
        return json.write(message).getBytes(StandardCharsets.UTF_8).length;
    }

    private StartAnswer read(String storedAnswer) {
        try {
            return mapper.readValue(storedAnswer.getBytes(StandardCharsets.UTF_8), StartAnswer.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored start answer does not read back", e);
        }
    }

    /** An outage is a warning; a bug is an error with its stack trace. Neither carries the input. */
    private static void logFailure(String what, RuntimeException failure) {
        if (DependencyFailures.isDependencyFailure(failure)) {
            LOG.warn("{}: {}", what, failure.toString());
        } else {
            LOG.error(what, failure);
        }
    }
}

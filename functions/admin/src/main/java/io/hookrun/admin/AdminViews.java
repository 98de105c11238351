package io.hookrun.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.run.Branch;
import io.hookrun.core.run.Frames;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory.BranchTally;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.signature.HmacSettings;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.trigger.EventSettings;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.core.workflow.WorkflowVersion;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the admin API shows of workflows, triggers and runs: the JSON bodies of its 200 answers. Stored JSON text
 * (definitions, run inputs and outputs, a trigger's event schema) is shown as JSON, not as a string holding JSON.
 * Run views leave out what is null but keep what is empty: an output of {@code {}} or {@code []} is a result
 * (Micronaut Serde would otherwise drop empty values too). A trigger's secrets are shown by id and times; a value is
 * shown once, in the answer to the rotation that created it ({@link RotatedSecretView}).
 */
@Singleton
public class AdminViews {

    /**
     * A workflow's current version, with its definition.
     *
     * @param versions  how many versions exist (versions are numbered 1..n, so the current one's number)
     * @param retired   true once {@code DELETE} retired it (it starts no new run); a PUT brings it back
     * @param retiredAt when it was retired; left out while it is not
     * @param createdAt when the workflow was first saved
     * @param updatedAt when this version was saved
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WorkflowView(String id, int version, int versions, boolean retired, @Nullable Instant retiredAt,
                               Object definition, Instant createdAt, Instant updatedAt) {
    }

    /** A workflow in a list: as {@link WorkflowView} without its definition (a page of them must stay small). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WorkflowSummary(String id, int version, int versions, boolean retired, @Nullable Instant retiredAt,
                                  Instant createdAt, Instant updatedAt) {
    }

    /**
     * One version of a workflow.
     *
     * @param createdAt  when this version was saved
     * @param definition the version's definition; left out in lists
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WorkflowVersionView(String workflowId, int version, Instant createdAt, @Nullable Object definition) {
    }

    /**
     * One page of a list (ADR 0009): {@code items} (kept when empty) and {@code nextToken}, left out on the last page.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PageView<T>(List<T> items, @Nullable String nextToken) {
    }

    /**
     * A trigger, without any secret value.
     *
     * @param enabled  false while disabled: its senders are answered 423 (ADR 0009)
     * @param unsigned true, with {@code warning}, when the trigger accepts unsigned deliveries (scheme {@code none});
     *                 left out otherwise
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TriggerView(String id, String workflowId, boolean enabled, SignatureView signature, EventView event,
                              @Nullable Boolean unsigned, @Nullable String warning, String webhookPath,
                              Instant createdAt, Instant updatedAt) {
    }

    /**
     * The signature settings; secrets by id and times only.
     *
     * @param toleranceSeconds the timestamp window in force (the default, 300, when the trigger sets none)
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SignatureView(String scheme, long toleranceSeconds, @Nullable HmacView hmac, int activeSecrets,
                                List<SecretView> secrets) {
    }

    /** One secret of a trigger: its handle and times, never its value. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecretView(String id, Instant createdAt, @Nullable Instant expiresAt, boolean active) {
    }

    /** The generic scheme's settings, enum values in the API's lower-case names. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HmacView(String header, @Nullable String prefix, String encoding, String algorithm, String signed,
                           @Nullable String separator, @Nullable String timestampHeader,
                           @Nullable String deliveryIdHeader, @Nullable String deliveryIdPointer,
                           @Nullable String eventTypeHeader) {
    }

    /** What a trigger accepts besides a valid signature; empty lists mean "any". */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventView(@Nullable String idempotencyKeyPointer, List<String> types, @Nullable Object schema,
                            List<String> contentTypes, @Nullable Integer maxBodyBytes,
                            @Nullable RateLimitView rateLimit) {
    }

    /** A trigger's rate limit. */
    @Serdeable
    public record RateLimitView(double perSecond, int burst) {
    }

    /** The answer to a rotation: the only place a secret value ever appears. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RotatedSecretView(String id, String secret, Instant createdAt, @Nullable Instant previousExpireAt) {

        @Override
        public String toString() {
            return "RotatedSecretView[id=" + id + ", secret hidden]";
        }
    }

    /** What every read of a trigger with scheme {@code none} says. */
    static final String UNSIGNED_WARNING = "this trigger accepts unsigned deliveries (signature.scheme none): anyone who"
            + " can reach its URL can start runs of its workflow; choose a signing scheme unless the network alone"
            + " guards it";

    /** Why a run or state failed, as Step Functions reports it. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorView(String error, @Nullable String cause) {
    }

    /**
     * One state execution (one attempt of one state), with its timing.
     *
     * @param frame         the chain of steps it belongs to: {@code ""} the run's main chain, {@code "3.12"} iteration 12
     *                      of the Map run as step 3 (see {@code ?frame=})
     * @param branch        the same frame as a reader names it, {@code "Items[12]"}; left out for the main chain
     * @param status        RUNNING, WAITING (a Map or Parallel state whose branches run), SUCCEEDED, RETRIED (failed;
     *                      a Retry rule runs the state again as the next step), CAUGHT (failed; a Catch rule goes on at
     *                      {@code nextState}), FAILED
     * @param variables     the workflow variables visible after the step, shown only on the steps that changed them
     *                      (a branch starts with its Map or Parallel state's)
     * @param attempts      how many attempts claimed the step (more than one after a crash or an outage)
     * @param retries       for RETRIED: the retries made so far (per Retry rule of the state), as the step function
     *                      records them
     * @param nextState     the state the frame goes on with
     * @param nextNotBefore when that next step may start: the end of a Wait, or of a Retry interval
     * @param branches      for a Map or Parallel state that forked: how its branches stand
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StateView(String frame, @Nullable String branch, int sequence, String name, String type, String status,
                            @Nullable Object input, @Nullable Object output, @Nullable Object variables,
                            @Nullable ErrorView error, int attempts, @Nullable Object retries,
                            @Nullable String nextState, @Nullable Instant nextNotBefore,
                            @Nullable BranchesView branches, Instant startedAt, @Nullable Instant finishedAt,
                            @Nullable Long durationMs) {
    }

    /**
     * The branches of a Map or Parallel step, counted.
     *
     * @param open        PENDING (a Map's iterations beyond its concurrency) or RUNNING
     * @param aborted     ended without a result because their state failed first
     * @param concurrency how many may be open at once
     * @param frames      where to see one of them: replace {@code {index}}
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BranchesView(int total, @Nullable Integer concurrency, int open, int succeeded, int failed, int aborted,
                               String frames) {
    }

    /** The branch (Map iteration, Parallel branch) whose frame a view shows. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BranchView(String frame, String branch, int index, String status, @Nullable Object input,
                             @Nullable Object output, @Nullable ErrorView error, @Nullable Instant startedAt,
                             @Nullable Instant finishedAt, String parent) {
    }

    /**
     * A whole run, or one frame of it.
     *
     * @param triggerId       null for a run started from the admin API
     * @param workflowVersion the version of the workflow the run executes; left out for runs recorded before
     *                        workflows had versions
     * @param eventId         the webhook delivery id that started the run (null for a run started from the admin API)
     * @param name            the name a run started from the admin API was given (null for webhook runs and unnamed
     *                        starts)
     * @param frame           the frame asked for with {@code ?frame=} ({@code ""}: the main chain); null: every frame
     * @param branch          with {@code ?frame=} naming a branch: that branch
     * @param truncated       when fewer states are shown than there are: how many, and how to see the others
     * @param replayOf        the run this one replays ({@code POST /admin/runs/{id}/replay}); left out otherwise
     * @param definition      the definition snapshot the run executes (the console draws its graph from it: the
     *                        workflow may have changed since the run started)
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunView(String runId, @Nullable String triggerId, String workflowId,
                          @Nullable Integer workflowVersion, @Nullable String eventId,
                          @Nullable String name, String status, @Nullable Object input, @Nullable Object output,
                          @Nullable ErrorView error, Instant createdAt, @Nullable Instant startedAt,
                          @Nullable Instant finishedAt, @Nullable Long durationMs, @Nullable String frame,
                          @Nullable BranchView branch, List<StateView> states, @Nullable String truncated,
                          @Nullable String replayOf, @Nullable Object definition) {
    }

    /** A run in a list; {@code replayOf} as in {@link RunView}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunSummary(String runId, @Nullable String triggerId, String workflowId,
                             @Nullable Integer workflowVersion, @Nullable String eventId,
                             @Nullable String name, String status, @Nullable ErrorView error, Instant createdAt,
                             @Nullable Instant finishedAt, @Nullable String replayOf) {
    }

    private final JsonText json;

    public AdminViews(JsonText json) {
        this.json = json;
    }

    public WorkflowView workflow(StoredWorkflow workflow) {
        return new WorkflowView(workflow.id(), workflow.version(), workflow.version(), workflow.retired(),
                workflow.retiredAt(), json.parse(workflow.definition()), workflow.createdAt(), workflow.updatedAt());
    }

    public WorkflowSummary workflowSummary(StoredWorkflow workflow) {
        return new WorkflowSummary(workflow.id(), workflow.version(), workflow.version(), workflow.retired(),
                workflow.retiredAt(), workflow.createdAt(), workflow.updatedAt());
    }

    /** A version in a list: number and time only. */
    public WorkflowVersionView version(WorkflowVersion version) {
        return new WorkflowVersionView(version.workflowId(), version.version(), version.createdAt(), null);
    }

    /** One version with its definition ({@code updatedAt} of a stored version is when it was saved). */
    public WorkflowVersionView version(StoredWorkflow version) {
        return new WorkflowVersionView(version.id(), version.version(), version.updatedAt(),
                json.parse(version.definition()));
    }

    /** A trigger as of {@code now} (which secrets are active); never a secret value. */
    public TriggerView trigger(Trigger trigger, Instant now) {
        SignatureSettings signature = trigger.signature();
        HmacSettings h = signature.hmac();
        HmacView hmac = h == null ? null : new HmacView(h.header(), h.prefix(), apiName(h.encoding()),
                apiName(h.algorithm()), apiName(h.signed()), h.separator(), h.timestampHeader(), h.deliveryIdHeader(),
                h.deliveryIdPointer(), h.eventTypeHeader());
        List<SecretView> secrets = trigger.secrets().stream()
                .map(s -> new SecretView(s.id(), s.createdAt(), s.expiresAt(), s.activeAt(now))).toList();
        EventSettings e = trigger.events();
        EventView event = new EventView(e.idempotencyKeyPointer(), e.types(), json.parse(e.schema()), e.contentTypes(),
                e.maxBodyBytes(), e.rateLimit() == null ? null
                        : new RateLimitView(e.rateLimit().perSecond(), e.rateLimit().burst()));
        return new TriggerView(trigger.id(), trigger.workflowId(), trigger.enabled(),
                new SignatureView(signature.scheme(), signature.toleranceOrDefault().toSeconds(), hmac,
                        (int) secrets.stream().filter(SecretView::active).count(), secrets),
                event, trigger.unsigned() ? Boolean.TRUE : null, trigger.unsigned() ? UNSIGNED_WARNING : null,
                "/hooks/" + trigger.id(), trigger.createdAt(), trigger.updatedAt());
    }

    private static String apiName(Enum<?> value) {
        return TriggerBodyCheck.apiName(value);
    }

    public RunView run(RunLookup.Found found) {
        Run run = found.run();
        String runPath = "/admin/runs/" + run.id();
        Map<String, String> previousVariables = new HashMap<>(found.entryVariables());
        List<StateView> states = new ArrayList<>();
        for (StateExecution s : found.states()) {
            // The scope after each step repeats the whole scope; shown where it changed, it reads as what was assigned.
            String before = previousVariables.put(s.frame(), s.variables());
            boolean changed = s.variables() != null && !s.variables().equals(before)
                    && !(before == null && s.variables().equals("{}"));
            BranchTally tally = found.tallies().get(RunLookup.Step.of(s));
            states.add(new StateView(s.frame(), branchPath(found, s.frame()), s.sequence(),
                    s.stateName(), s.stateType(), s.status().name(), json.parse(s.input()), json.parse(s.output()),
                    changed ? json.parse(s.variables()) : null, error(s.error(), s.cause()), s.attempts(),
                    json.parse(s.retries()), s.nextState(), s.nextNotBefore(),
                    s.branches() == null ? null : branches(runPath, s, tally), s.startedAt(), s.finishedAt(),
                    millis(s.startedAt(), s.finishedAt())));
        }
        Branch branch = found.branch();
        BranchView branchView = branch == null ? null : new BranchView(branch.childFrame(),
                branchPath(found, branch.childFrame()), branch.index(),
                branch.status().name(), json.parse(branch.input()), json.parse(branch.output()),
                error(branch.error(), branch.cause()), branch.startedAt(), branch.finishedAt(),
                runPath + "?frame=" + (Frames.isRoot(branch.frame()) ? RunDetails.ROOT : branch.frame()));
        return new RunView(run.id().toString(), run.triggerId(), run.workflowId(), run.workflowVersion(), eventId(run),
                name(run), run.status().name(), json.parse(run.input()), json.parse(run.output()),
                error(run.error(), run.cause()), run.createdAt(), run.startedAt(), run.finishedAt(),
                millis(run.startedAt(), run.finishedAt()), found.frame(), branchView, states, found.truncated(), replayOf(run),
                json.parse(run.definition()));
    }

    public RunSummary summary(Run run) {
        return new RunSummary(run.id().toString(), run.triggerId(), run.workflowId(), run.workflowVersion(),
                eventId(run), name(run),
                run.status().name(), error(run.error(), run.cause()), run.createdAt(), run.finishedAt(), replayOf(run));
    }

    private static String replayOf(Run run) {
        return run.replayOf() == null ? null : run.replayOf().toString();
    }

    private static BranchesView branches(String runPath, StateExecution s, @Nullable BranchTally tally) {
        int total = tally == null ? s.branches() : tally.total();
        int open = tally == null ? 0 : tally.open();
        int succeeded = tally == null ? 0 : tally.succeeded();
        int failed = tally == null ? 0 : tally.failed();
        return new BranchesView(total, s.concurrency(), open, succeeded, failed, total - open - succeeded - failed,
                runPath + "?frame=" + (Frames.isRoot(s.frame()) ? "" : s.frame() + "/") + s.sequence() + ".{index}");
    }

    /** {@code Items[3]} for a branch frame; null for the main chain, whose steps need no such name. */
    private static String branchPath(RunLookup.Found found, String frame) {
        return Frames.isRoot(frame) ? null : found.branchPaths().getOrDefault(frame, frame);
    }

    /** A webhook run's delivery id; a run started from the admin API keeps its name in the same column. */
    private static String eventId(Run run) {
        return run.triggerId() == null ? null : run.eventId();
    }

    private static String name(Run run) {
        return run.triggerId() == null ? run.eventId() : null;
    }

    private static ErrorView error(@Nullable String error, @Nullable String cause) {
        return error == null ? null : new ErrorView(error, cause);
    }

    private static Long millis(@Nullable Instant start, @Nullable Instant end) {
        return start == null || end == null ? null : Duration.between(start, end).toMillis();
    }
}

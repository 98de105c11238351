package io.hookrun.core.run;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link RunHistory} in memory, for unit tests, with the conditions of the PostgreSQL statements:
 * <ul>
 *   <li>a run is inserted only if absent;</li>
 *   <li>a step (run, frame, sequence) is claimed when absent or RUNNING with a lease that ended before {@code now}
 *       (counting one more attempt); a WAITING step answers Waiting, an ended one AlreadyFinished;</li>
 *   <li>a step finishes only while RUNNING, and ends its run with it when asked, only while the run is QUEUED or
 *       RUNNING; the run's output is kept only when it SUCCEEDED;</li>
 *   <li>a step forks only while RUNNING, and once; the fork keeps its tally (open, succeeded, failed) next to the step, updated
 *       with every branch change, as the PostgreSQL parent row does;</li>
 *   <li>a branch ends only while PENDING or RUNNING, a join is claimed once (WAITING, or a forked step whose lease
 *       expired).</li>
 *   <li>a step pauses only while RUNNING; a callback is recorded once ({@code answered_at IS NULL}), on a PAUSED step
 *       before its deadlines or a Task still RUNNING before its pause, of an open run; a paused step is resumed
 *       ({@code claimPaused}) once, when answered or at or past a deadline.</li>
 * </ul>
 * Text holding U+0000 is refused, as PostgreSQL refuses it in a {@code text} column
 * ({@code invalid byte sequence for encoding "UTF8": 0x00}).
 */
public final class InMemoryRunHistory implements RunHistory {

    private record StepKey(UUID runId, String frame, int sequence) { }

    /** A forked step's branches (by index) and its tally. */
    private static final class Fork {
        final Branch[] branches;
        int open;
        int succeeded;
        int failed;

        Fork(Branch[] branches) {
            this.branches = branches;
            this.open = branches.length;
        }

        BranchTally tally(boolean changed) {
            return new BranchTally(changed, branches.length, open, succeeded, failed);
        }
    }

    private static final BranchTally NO_FORK = new BranchTally(false, 0, 0, 0, 0);

    private final Map<UUID, Run> runs = new HashMap<>();
    private final Map<StepKey, StateExecution> steps = new HashMap<>();
    private final Map<StepKey, Fork> forks = new HashMap<>();

    @Override
    public synchronized boolean createRun(Run run) {
        refuseNul(run.triggerId(), run.workflowId(), run.eventId(), run.input(), run.output(), run.error(), run.cause(),
                run.definition());
        return runs.putIfAbsent(run.id(), run) == null;
    }

    @Override
    public synchronized Optional<Run> findRun(UUID id) {
        return Optional.ofNullable(runs.get(id));
    }

    @Override
    public synchronized RunPage listRuns(RunQuery query) {
        RunCursor after = query.after();
        List<Run> matching = runs.values().stream()
                .filter(r -> matches(query, r))
                .filter(r -> after == null || NEWEST_FIRST.compare(RunCursor.of(r), after) > 0)
                .sorted(Comparator.comparing(RunCursor::of, NEWEST_FIRST))
                .limit(query.limit() + 1L)
                .toList();
        if (matching.size() <= query.limit()) {
            return new RunPage(matching, null);
        }
        List<Run> page = matching.subList(0, query.limit());
        return new RunPage(page, RunCursor.of(page.getLast()));
    }

    private static boolean matches(RunQuery query, Run run) {
        return (query.triggerId() == null || query.triggerId().equals(run.triggerId()))
                && (query.workflowId() == null || query.workflowId().equals(run.workflowId()))
                && (query.status() == null || query.status() == run.status())
                && (query.from() == null || !run.createdAt().isBefore(query.from()))
                && (query.to() == null || run.createdAt().isBefore(query.to()));
    }

    /**
     * {@code ORDER BY created_at DESC, id DESC} as PostgreSQL sorts: it compares UUIDs as unsigned bytes, where
     * {@link UUID#compareTo} compares signed longs.
     */
    private static final Comparator<RunCursor> NEWEST_FIRST = Comparator.comparing(RunCursor::createdAt)
            .thenComparing(RunCursor::id, (a, b) -> {
                int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
                return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
            }).reversed();

    @Override
    public synchronized List<StateExecution> stateExecutions(UUID runId) {
        return steps.values().stream()
                .filter(s -> s.runId().equals(runId))
                .sorted(Comparator.comparing(StateExecution::startedAt)
                        .thenComparing(StateExecution::frame)
                        .thenComparingInt(StateExecution::sequence))
                .toList();
    }

    @Override
    public synchronized Optional<StateExecution> stateExecution(UUID runId, String frame, int sequence) {
        return Optional.ofNullable(steps.get(new StepKey(runId, frame, sequence)));
    }

    @Override
    public synchronized StateClaim claimState(StateStart start, Instant now, Duration lease) {
        refuseNul(start.frame(), start.stateName(), start.stateType(), start.input(), start.variables());
        StepKey key = new StepKey(start.runId(), start.frame(), start.sequence());
        StateExecution old = steps.get(key);
        if (old == null) {
            StateExecution claimed = new StateExecution(start.runId(), start.frame(), start.sequence(),
                    start.stateName(), start.stateType(), StateStatus.RUNNING, start.input(), null, start.variables(),
                    null, null, null, null, null, now, null, now.plus(lease), 1, false, null, null);
            steps.put(key, claimed);
            return new StateClaim.Claimed(claimed);
        }
        switch (old.status()) {
            case WAITING -> {
                return new StateClaim.Waiting(old);
            }
            case PAUSED -> {
                return new StateClaim.Paused(old);
            }
            case RUNNING -> {
                if (leaseLive(old, now)) {
                    return new StateClaim.Busy(old, old.leaseUntil());
                }
                StateExecution takenOver = running(old, now, now.plus(lease), old.attempts() + 1);
                steps.put(key, takenOver);
                return new StateClaim.Claimed(takenOver);
            }
            default -> {
                return new StateClaim.AlreadyFinished(old);
            }
        }
    }

    @Override
    public synchronized void finishState(StateFinish finish) {
        requireEnded(finish.status());
        refuseNul(finish.output(), finish.variables(), finish.error(), finish.cause(), finish.nextState(),
                finish.retries());
        StepKey key = new StepKey(finish.runId(), finish.frame(), finish.sequence());
        StateExecution old = steps.get(key);
        if (old == null || old.status() != StateStatus.RUNNING) {
            return;
        }
        steps.put(key, new StateExecution(old.runId(), old.frame(), old.sequence(), old.stateName(), old.stateType(),
                finish.status(), old.input(), finish.output(), finish.variables(), finish.error(), finish.cause(),
                finish.nextState(), finish.nextNotBefore(), finish.retries(), old.startedAt(), finish.now(), null,
                old.attempts(), old.nextEnqueued(), old.branches(), old.concurrency(), old.taskWait()));
        if (finish.runStatus() != null) {
            finishRun(finish.runId(), finish.runStatus(),
                    finish.runStatus() == RunStatus.SUCCEEDED ? finish.output() : null, finish.error(), finish.cause(),
                    finish.now());
        }
    }

    @Override
    public synchronized boolean forkState(UUID runId, String frame, int sequence, String variables,
                                          List<String> branchInputs, int concurrency, Instant now) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        refuseNul(variables);
        branchInputs.forEach(InMemoryRunHistory::refuseNul);
        StepKey key = new StepKey(runId, frame, sequence);
        StateExecution old = steps.get(key);
        if (old == null || old.status() != StateStatus.RUNNING || old.branches() != null || branchInputs.isEmpty()) {
            return false;
        }
        steps.put(key, new StateExecution(runId, frame, sequence, old.stateName(), old.stateType(), StateStatus.WAITING,
                old.input(), null, variables, null, null, null, null, null, old.startedAt(), null, null,
                old.attempts(), false, branchInputs.size(), concurrency));
        Branch[] branches = new Branch[branchInputs.size()];
        for (int i = 0; i < branches.length; i++) {
            branches[i] = new Branch(runId, frame, sequence, i, BranchStatus.PENDING, branchInputs.get(i), null, null,
                    null, null, null);
        }
        forks.put(key, new Fork(branches));
        return true;
    }

    @Override
    public synchronized void startBranches(UUID runId, String frame, int sequence, int fromIndex, int toIndex,
                                           Instant now) {
        Fork fork = forks.get(new StepKey(runId, frame, sequence));
        if (fork == null) {
            return;
        }
        for (int i = Math.max(0, fromIndex); i < Math.min(toIndex, fork.branches.length); i++) {
            Branch b = fork.branches[i];
            if (b.status() == BranchStatus.PENDING) {
                fork.branches[i] = new Branch(runId, frame, sequence, i, BranchStatus.RUNNING, b.input(), null, null,
                        null, now, null);
            }
        }
    }

    @Override
    public synchronized Optional<Branch> branch(UUID runId, String frame, int sequence, int index) {
        Fork fork = forks.get(new StepKey(runId, frame, sequence));
        return fork == null || index < 0 || index >= fork.branches.length
                ? Optional.empty() : Optional.of(fork.branches[index]);
    }

    @Override
    public synchronized List<Branch> branches(UUID runId, String frame, int sequence) {
        Fork fork = forks.get(new StepKey(runId, frame, sequence));
        return fork == null ? List.of() : List.copyOf(Arrays.asList(fork.branches));
    }

    @Override
    public synchronized BranchTally finishBranch(UUID runId, String frame, int sequence, int index,
                                                 BranchStatus status, String output, String error, String cause,
                                                 Instant now) {
        if (status != BranchStatus.SUCCEEDED && status != BranchStatus.FAILED) {
            throw new IllegalArgumentException("a branch ends SUCCEEDED or FAILED, not " + status);
        }
        refuseNul(output, error, cause);
        Fork fork = forks.get(new StepKey(runId, frame, sequence));
        if (fork == null || index < 0 || index >= fork.branches.length) {
            return NO_FORK;
        }
        Branch b = fork.branches[index];
        if (!isOpen(b.status())) {
            return fork.tally(false);
        }
        fork.branches[index] = new Branch(runId, frame, sequence, index, status, b.input(), output, error, cause,
                b.startedAt() == null ? now : b.startedAt(), now);
        fork.open--;
        if (status == BranchStatus.SUCCEEDED) {
            fork.succeeded++;
        } else {
            fork.failed++;
        }
        return fork.tally(true);
    }

    @Override
    public synchronized BranchTally branchTally(UUID runId, String frame, int sequence) {
        Fork fork = forks.get(new StepKey(runId, frame, sequence));
        return fork == null ? NO_FORK : fork.tally(false);
    }

    @Override
    public synchronized boolean claimJoin(UUID runId, String frame, int sequence, Instant now, Duration lease) {
        StepKey key = new StepKey(runId, frame, sequence);
        StateExecution old = steps.get(key);
        if (old == null) {
            return false;
        }
        if (old.status() == StateStatus.WAITING) {
            steps.put(key, running(old, old.startedAt(), now.plus(lease), old.attempts()));
            return true;
        }
        if (old.status() == StateStatus.RUNNING && old.branches() != null && !leaseLive(old, now)) {
            steps.put(key, running(old, old.startedAt(), now.plus(lease), old.attempts() + 1));
            return true;
        }
        return false;
    }

    // --- callbacks (issue 9, h-callbacks) ---

    @Override
    public synchronized boolean pauseState(StatePause pause) {
        StepKey key = new StepKey(pause.runId(), pause.frame(), pause.sequence());
        StateExecution old = steps.get(key);
        if (old == null || old.status() != StateStatus.RUNNING) {
            return false;
        }
        TaskWait early = old.taskWait();
        Duration heartbeat = pause.heartbeatAt() == null ? null
                : Duration.ofSeconds(Math.max(1, Duration.between(pause.now(), pause.heartbeatAt()).toSeconds()));
        TaskWait wait = new TaskWait(pause.timeoutAt(), pause.heartbeatAt(),
                early == null ? null : early.answeredAt(), early == null ? null : early.output(),
                early == null ? null : early.error(), early == null ? null : early.cause(), heartbeat);
        steps.put(key, with(old, StateStatus.PAUSED, null, old.attempts(), wait, pause.now()));
        return true;
    }

    @Override
    public synchronized CallbackAnswer answerCallback(UUID runId, String frame, int sequence,
            @Nullable String output, @Nullable String error, @Nullable String cause, Instant now) {
        refuseNul(output, error, cause);
        StepKey key = new StepKey(runId, frame, sequence);
        StateExecution old = steps.get(key);
        CallbackAnswer found = callbackState(old, now);
        if (found != CallbackAnswer.RECORDED) {
            return found;
        }
        TaskWait wait = old.taskWait();
        steps.put(key, with(old, old.status(), old.leaseUntil(), old.attempts(), new TaskWait(
                wait == null ? null : wait.timeoutAt(), wait == null ? null : wait.heartbeatAt(), now, output, error,
                cause, wait == null ? null : wait.heartbeat()), pausedAt(old)));
        return CallbackAnswer.RECORDED;
    }

    @Override
    public synchronized CallbackAnswer heartbeat(UUID runId, String frame, int sequence, Duration heartbeat,
                                                 Instant now) {
        StepKey key = new StepKey(runId, frame, sequence);
        StateExecution old = steps.get(key);
        CallbackAnswer found = callbackState(old, now);
        if (found == CallbackAnswer.RECORDED && old.status() == StateStatus.PAUSED
                && old.taskWait().heartbeatAt() != null) {
            TaskWait wait = old.taskWait();
            steps.put(key, with(old, old.status(), old.leaseUntil(), old.attempts(), new TaskWait(wait.timeoutAt(),
                    now.plus(heartbeat), null, null, null, null, wait.heartbeat()), pausedAt(old)));
        }
        return found;
    }

    @Override
    public synchronized boolean claimPaused(UUID runId, String frame, int sequence, Instant now, Duration lease) {
        StepKey key = new StepKey(runId, frame, sequence);
        StateExecution old = steps.get(key);
        if (old == null || old.status() != StateStatus.PAUSED) {
            return false;
        }
        TaskWait wait = old.taskWait();
        boolean due = wait.answered() || (wait.nextDeadline() != null && !wait.nextDeadline().isAfter(now));
        if (!due) {
            return false;
        }
        steps.put(key, with(old, StateStatus.RUNNING, now.plus(lease), old.attempts(), wait, pausedAt(old)));
        return true;
    }

    /**
     * RECORDED when a callback may answer the step at {@code now}: PAUSED, unanswered, before its deadlines, in an
     * open run; or still RUNNING before its pause (the downstream answered before the step could record the pause).
     */
    private CallbackAnswer callbackState(@Nullable StateExecution step, Instant now) {
        if (step == null) {
            return CallbackAnswer.UNKNOWN;
        }
        if (step.taskWait() != null && step.taskWait().answered()) {
            return CallbackAnswer.ALREADY_ANSWERED;
        }
        Run run = runs.get(step.runId());
        if (run == null || run.status().finished()) {
            return CallbackAnswer.NOT_WAITING;
        }
        boolean beforePause = step.status() == StateStatus.RUNNING && pausedAt(step) == null
                && "Task".equals(step.stateType());
        boolean waiting = step.status() == StateStatus.PAUSED && step.taskWait() != null
                && (step.taskWait().nextDeadline() == null || step.taskWait().nextDeadline().isAfter(now));
        return beforePause || waiting ? CallbackAnswer.RECORDED : CallbackAnswer.NOT_WAITING;
    }

    /** When each step paused (PostgreSQL's {@code paused_at}): a step RUNNING again after its pause is resuming. */
    private final Map<StepKey, Instant> pausedAt = new HashMap<>();

    @Nullable
    private Instant pausedAt(StateExecution step) {
        return pausedAt.get(new StepKey(step.runId(), step.frame(), step.sequence()));
    }

    private StateExecution with(StateExecution old, StateStatus status, @Nullable Instant leaseUntil, int attempts,
                                @Nullable TaskWait wait, @Nullable Instant paused) {
        if (paused != null) {
            pausedAt.put(new StepKey(old.runId(), old.frame(), old.sequence()), paused);
        }
        return new StateExecution(old.runId(), old.frame(), old.sequence(), old.stateName(), old.stateType(), status,
                old.input(), old.output(), old.variables(), old.error(), old.cause(), old.nextState(),
                old.nextNotBefore(), old.retries(), old.startedAt(), old.finishedAt(), leaseUntil, attempts,
                old.nextEnqueued(), old.branches(), old.concurrency(), wait);
    }

    @Override
    public synchronized int abortBranches(UUID runId, String frame, int sequence, Instant now) {
        Fork fork = forks.get(new StepKey(runId, frame, sequence));
        if (fork == null) {
            return 0;
        }
        int aborted = 0;
        for (int i = 0; i < fork.branches.length; i++) {
            Branch b = fork.branches[i];
            if (isOpen(b.status())) {
                fork.branches[i] = new Branch(runId, frame, sequence, i, BranchStatus.ABORTED, b.input(), null, null,
                        null, b.startedAt(), now);
                aborted++;
            }
        }
        fork.open -= aborted;
        return aborted;
    }

    @Override
    public synchronized void releaseState(UUID runId, String frame, int sequence) {
        StepKey key = new StepKey(runId, frame, sequence);
        StateExecution old = steps.get(key);
        if (old != null && old.status() == StateStatus.RUNNING) {
            steps.put(key, running(old, old.startedAt(), null, old.attempts()));
        }
    }

    @Override
    public synchronized void markNextEnqueued(UUID runId, String frame, int sequence) {
        StepKey key = new StepKey(runId, frame, sequence);
        StateExecution old = steps.get(key);
        if (old != null) {
            steps.put(key, new StateExecution(old.runId(), old.frame(), old.sequence(), old.stateName(),
                    old.stateType(), old.status(), old.input(), old.output(), old.variables(), old.error(), old.cause(),
                    old.nextState(), old.nextNotBefore(), old.retries(), old.startedAt(), old.finishedAt(),
                    old.leaseUntil(), old.attempts(), true, old.branches(), old.concurrency(), old.taskWait()));
        }
    }

    @Override
    public synchronized boolean failRun(UUID runId, String frame, int sequence, String error, String cause,
                                        Instant now) {
        refuseNul(error, cause);
        StepKey key = new StepKey(runId, frame, sequence);
        StateExecution old = steps.get(key);
        if (old != null && (old.status() == StateStatus.RUNNING || old.status() == StateStatus.WAITING)) {
            steps.put(key, new StateExecution(old.runId(), old.frame(), old.sequence(), old.stateName(),
                    old.stateType(), StateStatus.FAILED, old.input(), null, old.variables(), error, cause, null, null,
                    null, old.startedAt(), now, null, old.attempts(), false, old.branches(), old.concurrency()));
        }
        return finishRun(runId, RunStatus.FAILED, null, error, cause, now);
    }

    @Override
    public synchronized List<Run> listStalledRuns(Instant progressBefore, Instant now, int limit) {
        return runs.values().stream()
                .filter(r -> r.status() == RunStatus.RUNNING)
                .filter(r -> r.createdAt().isBefore(progressBefore)
                        && (r.startedAt() == null || r.startedAt().isBefore(progressBefore)))
                .filter(r -> steps.values().stream().filter(s -> s.runId().equals(r.id()))
                        .noneMatch(s -> madeProgress(s, progressBefore, now)))
                .sorted(Comparator.comparing(Run::createdAt).thenComparing(Run::id))
                .limit(Math.clamp(limit, 1, MAX_LIST))
                .toList();
    }

    /**
     * Started or finished since the bound, held by a live lease, waiting (Wait, retry interval) beyond the bound,
     * answered by a callback since the bound, or PAUSED for a callback with no deadline passed before the bound (a
     * PAUSED step answered before it, or past a deadline before it, lost its message).
     */
    private static boolean madeProgress(StateExecution s, Instant progressBefore, Instant now) {
        TaskWait wait = s.taskWait();
        return atOrAfter(s.startedAt(), progressBefore)
                || atOrAfter(s.finishedAt(), progressBefore)
                || atOrAfter(s.leaseUntil(), now)
                || atOrAfter(s.nextNotBefore(), progressBefore)
                || (wait != null && atOrAfter(wait.answeredAt(), progressBefore))
                || (s.status() == StateStatus.PAUSED && wait != null && !wait.answered()
                    && (wait.nextDeadline() == null || atOrAfter(wait.nextDeadline(), progressBefore)));
    }

    private static boolean atOrAfter(Instant instant, Instant bound) {
        return instant != null && !instant.isBefore(bound);
    }

    private static boolean leaseLive(StateExecution s, Instant now) {
        return s.leaseUntil() != null && !s.leaseUntil().isBefore(now);
    }

    private static boolean isOpen(BranchStatus status) {
        return status == BranchStatus.PENDING || status == BranchStatus.RUNNING;
    }

    private static void requireEnded(StateStatus status) {
        Objects.requireNonNull(status, "status");
        if (status == StateStatus.RUNNING || status == StateStatus.WAITING) {
            throw new IllegalArgumentException("a step ends SUCCEEDED, RETRIED, CAUGHT or FAILED, not " + status);
        }
    }

    /**
     * The step RUNNING again (claimed, taken over, joined or released): what it ended with so far is cleared. Like the
     * PostgreSQL statements, neither this nor finishing a step touches {@code next_enqueued}: only
     * {@link #markNextEnqueued} sets it.
     */
    private static StateExecution running(StateExecution old, Instant startedAt, Instant leaseUntil, int attempts) {
        return new StateExecution(old.runId(), old.frame(), old.sequence(), old.stateName(), old.stateType(),
                StateStatus.RUNNING, old.input(), null, old.variables(), null, null, null, null, null, startedAt, null,
                leaseUntil, attempts, old.nextEnqueued(), old.branches(), old.concurrency(), old.taskWait());
    }

    private boolean finishRun(UUID runId, RunStatus status, String output, String error, String cause, Instant now) {
        Run run = runs.get(runId);
        if (run == null || (run.status() != RunStatus.QUEUED && run.status() != RunStatus.RUNNING)) {
            return false;
        }
        runs.put(runId, new Run(run.id(), run.triggerId(), run.workflowId(), run.eventId(), status, run.input(), output,
                error, cause, run.definition(), run.createdAt(), run.startedAt(), now, run.replayOf(),
                run.workflowVersion()));
        return true;
    }

    private static void refuseNul(String... texts) {
        for (String text : texts) {
            if (text != null && text.indexOf('\u0000') >= 0) {
                throw new IllegalArgumentException("invalid byte sequence for encoding \"UTF8\": 0x00"
                        + " (PostgreSQL text cannot hold U+0000)");
            }
        }
    }

    // --- cancel and redrive (issue 9, h-ops) ---

    private static final String ABORTED = "hookrun.Aborted";
    private static final String STEP_ABANDONED = "hookrun.StepAbandoned";

    @Override
    public synchronized boolean abortRun(UUID runId, String cause, Instant now) {
        refuseNul(cause);
        Run run = runs.get(runId);
        if (run == null || run.status().finished()) {
            return false;
        }
        forks.forEach((key, fork) -> {
            if (key.runId().equals(runId)) {
                abortBranches(runId, key.frame(), key.sequence(), now);
            }
        });
        steps.replaceAll((key, old) -> key.runId().equals(runId) && (old.status() == StateStatus.RUNNING
                || old.status() == StateStatus.WAITING || old.status() == StateStatus.PAUSED)
                ? new StateExecution(old.runId(), old.frame(), old.sequence(), old.stateName(), old.stateType(),
                        StateStatus.FAILED, old.input(), null, old.variables(), ABORTED, cause, null, null, null,
                        old.startedAt(), now, null, old.attempts(), old.nextEnqueued(), old.branches(),
                        old.concurrency(), old.taskWait())
                : old);
        return finishRun(runId, RunStatus.ABORTED, null, ABORTED, cause, now);
    }

    @Override
    public synchronized boolean reopenRun(UUID runId, Instant now) {
        Run run = runs.get(runId);
        if (run == null || run.status() != RunStatus.FAILED || !STEP_ABANDONED.equals(run.error())) {
            return false;
        }
        steps.replaceAll((key, old) -> key.runId().equals(runId) && old.status() == StateStatus.FAILED
                && STEP_ABANDONED.equals(old.error())
                ? new StateExecution(old.runId(), old.frame(), old.sequence(), old.stateName(), old.stateType(),
                        old.branches() == null ? StateStatus.RUNNING : StateStatus.WAITING, old.input(), null,
                        old.variables(), null, null, null, null, null,
                        old.branches() == null ? now : old.startedAt(), null, null, old.attempts(),
                        old.nextEnqueued(), old.branches(), old.concurrency(), old.taskWait())
                : old);
        runs.put(runId, new Run(run.id(), run.triggerId(), run.workflowId(), run.eventId(), RunStatus.RUNNING,
                run.input(), null, null, null, run.definition(), run.createdAt(), run.startedAt(), null,
                run.replayOf(), run.workflowVersion()));
        return true;
    }
}

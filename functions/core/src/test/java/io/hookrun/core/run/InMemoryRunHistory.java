package io.hookrun.core.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link RunHistory} in memory, for unit tests, with the conditions of the PostgreSQL statements: a run is inserted
 * only if absent; a step is claimed when absent or RUNNING with a lease that ended before {@code now} (counting one
 * more attempt); a step finishes only while RUNNING, and ends its run in the same step when asked, only while the run
 * is QUEUED or RUNNING; the run's output is kept only when it SUCCEEDED. Text holding U+0000 is refused, as PostgreSQL
 * refuses it in a {@code text} column ({@code invalid byte sequence for encoding "UTF8": 0x00}).
 */
public final class InMemoryRunHistory implements RunHistory {

    private final Map<UUID, Run> runs = new HashMap<>();
    private final Map<UUID, Map<Integer, StateExecution>> states = new HashMap<>();

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
    public synchronized List<Run> listRuns(String triggerId, RunStatus status, int limit) {
        return runs.values().stream()
                .filter(r -> triggerId == null || r.triggerId().equals(triggerId))
                .filter(r -> status == null || r.status() == status)
                .sorted(Comparator.comparing(Run::createdAt).thenComparing(Run::id).reversed())
                .limit(Math.clamp(limit, 1, MAX_LIST))
                .toList();
    }

    @Override
    public synchronized List<StateExecution> stateExecutions(UUID runId) {
        return new ArrayList<>(states.getOrDefault(runId, Map.of()).values()).stream()
                .sorted(Comparator.comparingInt(StateExecution::sequence)).toList();
    }

    @Override
    public synchronized Optional<StateExecution> stateExecution(UUID runId, int sequence) {
        return Optional.ofNullable(states.getOrDefault(runId, Map.of()).get(sequence));
    }

    @Override
    public synchronized StateClaim claimState(UUID runId, int sequence, String stateName, String stateType, String input,
                                              Instant now, Duration lease) {
        refuseNul(stateName, stateType, input);
        Map<Integer, StateExecution> ofRun = states.computeIfAbsent(runId, id -> new HashMap<>());
        StateExecution old = ofRun.get(sequence);
        if (old == null) {
            StateExecution claimed = new StateExecution(runId, sequence, stateName, stateType, StateStatus.RUNNING, input,
                    null, null, null, null, now, null, now.plus(lease), 1, false);
            ofRun.put(sequence, claimed);
            return new StateClaim.Claimed(claimed);
        }
        if (old.status() != StateStatus.RUNNING) {
            return new StateClaim.AlreadyFinished(old);
        }
        if (old.leaseUntil() != null && !old.leaseUntil().isBefore(now)) {
            return new StateClaim.Busy(old, old.leaseUntil());
        }
        StateExecution takenOver = new StateExecution(runId, sequence, old.stateName(), old.stateType(), StateStatus.RUNNING,
                old.input(), null, null, null, null, now, null, now.plus(lease), old.attempts() + 1, false);
        ofRun.put(sequence, takenOver);
        return new StateClaim.Claimed(takenOver);
    }

    @Override
    public synchronized void finishState(UUID runId, int sequence, StateStatus status, String output, String error,
                                         String cause, String nextState, RunStatus runStatus, Instant now) {
        refuseNul(output, error, cause, nextState);
        StateExecution old = states.getOrDefault(runId, Map.of()).get(sequence);
        if (old == null || old.status() != StateStatus.RUNNING) {
            return;
        }
        states.get(runId).put(sequence, new StateExecution(runId, sequence, old.stateName(), old.stateType(), status,
                old.input(), output, error, cause, nextState, old.startedAt(), now, null, old.attempts(), false));
        if (runStatus != null) {
            finishRun(runId, runStatus, runStatus == RunStatus.SUCCEEDED ? output : null, error, cause, now);
        }
    }

    @Override
    public synchronized void releaseState(UUID runId, int sequence) {
        StateExecution old = states.getOrDefault(runId, Map.of()).get(sequence);
        if (old != null && old.status() == StateStatus.RUNNING) {
            states.get(runId).put(sequence, new StateExecution(runId, sequence, old.stateName(), old.stateType(),
                    StateStatus.RUNNING, old.input(), null, null, null, null, old.startedAt(), null, null,
                    old.attempts(), false));
        }
    }

    @Override
    public synchronized void markNextEnqueued(UUID runId, int sequence) {
        StateExecution old = states.getOrDefault(runId, Map.of()).get(sequence);
        if (old != null) {
            states.get(runId).put(sequence, new StateExecution(runId, sequence, old.stateName(), old.stateType(),
                    old.status(), old.input(), old.output(), old.error(), old.cause(), old.nextState(), old.startedAt(),
                    old.finishedAt(), old.leaseUntil(), old.attempts(), true));
        }
    }

    @Override
    public synchronized boolean failRun(UUID runId, int sequence, String error, String cause, Instant now) {
        refuseNul(error, cause);
        StateExecution old = states.getOrDefault(runId, Map.of()).get(sequence);
        if (old != null && old.status() == StateStatus.RUNNING) {
            states.get(runId).put(sequence, new StateExecution(runId, sequence, old.stateName(), old.stateType(),
                    StateStatus.FAILED, old.input(), null, error, cause, null, old.startedAt(), now, null,
                    old.attempts(), false));
        }
        return finishRun(runId, RunStatus.FAILED, null, error, cause, now);
    }

    @Override
    public synchronized List<Run> listStalledRuns(Instant progressBefore, Instant now, int limit) {
        return runs.values().stream()
                .filter(r -> r.status() == RunStatus.RUNNING)
                .filter(r -> r.createdAt().isBefore(progressBefore)
                        && (r.startedAt() == null || r.startedAt().isBefore(progressBefore)))
                .filter(r -> states.getOrDefault(r.id(), Map.of()).values().stream().noneMatch(s ->
                        !s.startedAt().isBefore(progressBefore)
                                || (s.finishedAt() != null && !s.finishedAt().isBefore(progressBefore))
                                || (s.leaseUntil() != null && !s.leaseUntil().isBefore(now))))
                .sorted(Comparator.comparing(Run::createdAt).thenComparing(Run::id))
                .limit(Math.clamp(limit, 1, MAX_LIST))
                .toList();
    }

    private boolean finishRun(UUID runId, RunStatus status, String output, String error, String cause, Instant now) {
        Run run = runs.get(runId);
        if (run == null || (run.status() != RunStatus.QUEUED && run.status() != RunStatus.RUNNING)) {
            return false;
        }
        runs.put(runId, new Run(run.id(), run.triggerId(), run.workflowId(), run.eventId(), status, run.input(), output,
                error, cause, run.definition(), run.createdAt(), run.startedAt(), now));
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
}

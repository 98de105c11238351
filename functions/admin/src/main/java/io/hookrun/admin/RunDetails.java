package io.hookrun.admin;

import io.hookrun.admin.RunLookup.Step;
import io.hookrun.core.run.Branch;
import io.hookrun.core.run.Frames;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunHistory.BranchTally;
import io.hookrun.core.run.StateExecution;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code GET /admin/runs/{runId}?frame=}: a run and its state executions, every frame (the default) or one
 * ({@code ?frame=root}: the main chain; {@code ?frame=3.12}: iteration 12 of the Map run as step 3). Map iterations
 * and Parallel branches are frames of their own (see {@link Frames}); each shown frame is also named as a reader would,
 * from its states' names ({@code Fanout[1]/Items[12]}).
 *
 * <p>A Map over 10,000 items has tens of thousands of state executions, and a Lambda response holds at most 6 MB
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), so a view shows at most
 * {@value #MAX_STATES} state executions and about {@value #MAX_STATE_CHARS} characters of their JSON, and says so when
 * it stops early. One frame is read step by step, so its view never loads the rest of the run.
 */
@Singleton
public class RunDetails {

    /** What {@code ?frame=} takes for the main chain (whose frame name is the empty string). */
    static final String ROOT = "root";
    static final int MAX_STATES = 500;
    static final int MAX_STATE_CHARS = 4_000_000;
    private static final Pattern FRAME = Pattern.compile("\\d{1,9}\\.\\d{1,9}(/\\d{1,9}\\.\\d{1,9})*");

    private final RunHistory history;

    public RunDetails(RunHistory history) {
        this.history = history;
    }

    /**
     * @param frame null or blank: every frame; {@value #ROOT}: the main chain; else a branch frame's name
     */
    public RunLookup get(String runId, @Nullable String frame) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            return new RunLookup.NotARunId(runId);
        }
        String wanted = frame == null || frame.isBlank() ? null : frame.trim();
        if (wanted != null && !wanted.equals(ROOT) && !FRAME.matcher(wanted).matches()) {
            return new RunLookup.InvalidFrame(wanted);
        }
        Optional<Run> run = history.findRun(id);
        if (run.isEmpty()) {
            return new RunLookup.NotFound(runId);
        }
        if (wanted == null) {
            return everyFrame(run.get());
        }
        return oneFrame(run.get(), wanted.equals(ROOT) ? Frames.ROOT : wanted);
    }

    private RunLookup everyFrame(Run run) {
        List<StateExecution> all = history.stateExecutions(run.id());
        Map<Step, StateExecution> byStep = new HashMap<>();
        all.forEach(s -> byStep.put(Step.of(s), s));
        List<StateExecution> shown = new ArrayList<>();
        int chars = 0;
        for (StateExecution state : all) {
            chars += chars(state);
            if (shown.size() == MAX_STATES || (!shown.isEmpty() && chars > MAX_STATE_CHARS)) {
                break;
            }
            shown.add(state);
        }
        String truncated = shown.size() == all.size() ? null : "showing the first " + shown.size() + " of " + all.size()
                + " state executions: ?frame=" + ROOT + " shows the main chain, ?frame=<frame> one branch";
        return found(run, null, null, shown, step -> Optional.ofNullable(byStep.get(step)), truncated);
    }

    private RunLookup oneFrame(Run run, String frame) {
        Branch branch = null;
        if (!Frames.isRoot(frame)) {
            Frames.Parent parent = Frames.parent(frame);
            Optional<Branch> found = history.branch(run.id(), parent.frame(), parent.sequence(), parent.index());
            if (found.isEmpty()) {
                return new RunLookup.UnknownFrame(run.id().toString(), frame);
            }
            branch = found.get();
        }
        List<StateExecution> shown = new ArrayList<>();
        int chars = 0;
        String truncated = null;
        for (int sequence = 0; ; sequence++) {
            Optional<StateExecution> state = history.stateExecution(run.id(), frame, sequence);
            if (state.isEmpty()) {
                break;
            }
            chars += chars(state.get());
            if (shown.size() == MAX_STATES || (!shown.isEmpty() && chars > MAX_STATE_CHARS)) {
                truncated = "showing the first " + shown.size() + " state executions of this frame";
                break;
            }
            shown.add(state.get());
        }
        Map<Step, Optional<StateExecution>> read = new HashMap<>();
        shown.forEach(s -> read.put(Step.of(s), Optional.of(s)));
        return found(run, frame, branch, shown,
                step -> read.computeIfAbsent(step, s -> history.stateExecution(run.id(), s.frame(), s.sequence())),
                truncated);
    }

    private RunLookup.Found found(Run run, @Nullable String frame, @Nullable Branch branch, List<StateExecution> shown,
                                  Function<Step, Optional<StateExecution>> step, @Nullable String truncated) {
        Set<String> frames = new LinkedHashSet<>();
        shown.forEach(s -> frames.add(s.frame()));
        if (frame != null) {
            frames.add(frame);
        }
        Map<String, String> paths = new HashMap<>();
        Map<String, String> entryVariables = new HashMap<>();
        for (String f : frames) {
            paths.put(f, path(f, step, paths));
            if (!Frames.isRoot(f)) {
                Frames.Parent parent = Frames.parent(f);
                step.apply(new Step(parent.frame(), parent.sequence())).map(StateExecution::variables)
                        .ifPresent(variables -> entryVariables.put(f, variables));
            }
        }
        Map<Step, BranchTally> tallies = new HashMap<>();
        for (StateExecution state : shown) {
            if (state.branches() != null) {
                tallies.put(Step.of(state), history.branchTally(run.id(), state.frame(), state.sequence()));
            }
        }
        return new RunLookup.Found(run, frame, branch, shown, paths, entryVariables, tallies, truncated);
    }

    /** {@code Fanout[1]/Items[12]}: the Map/Parallel state of each level, and the branch index in it. */
    private static String path(String frame, Function<Step, Optional<StateExecution>> step, Map<String, String> known) {
        if (Frames.isRoot(frame)) {
            return "";
        }
        String cached = known.get(frame);
        if (cached != null) {
            return cached;
        }
        Frames.Parent parent = Frames.parent(frame);
        String above = path(parent.frame(), step, known);
        String state = step.apply(new Step(parent.frame(), parent.sequence())).map(StateExecution::stateName)
                .orElse("step " + parent.sequence());
        String path = (above.isEmpty() ? "" : above + "/") + state + "[" + parent.index() + "]";
        known.put(frame, path);
        return path;
    }

    private static int chars(StateExecution s) {
        return length(s.input()) + length(s.output()) + length(s.variables()) + length(s.error()) + length(s.cause());
    }

    private static int length(@Nullable String text) {
        return text == null ? 0 : text.length();
    }
}

package io.hookrun.workflowstep;

import io.hookrun.asl.InvalidDefinitionException;
import io.hookrun.asl.StateInterpreter;
import io.hookrun.asl.StateMachine;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.Branch;
import io.hookrun.core.run.BranchStatus;
import io.hookrun.core.run.Frames;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunHistory.BranchTally;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.time.Deadline;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds RUNNING runs whose messages are gone (one reached the DLQ while the database was down and the run could not
 * be ended, or it was lost) and resumes or ends them, so that no run stays RUNNING for ever. A run is stalled when
 * nothing happened to it for {@code hookrun.sweeper.stale-after} ({@link RunHistory#listStalledRuns}; a run in a long
 * Wait is not). Every open end of its frames (ADR 0005) gets its message again, walking from the main chain into the
 * branches of WAITING Map/Parallel steps:
 * <ul>
 *   <li>a frame with no step yet (the run's first state, a started branch): its first step;</li>
 *   <li>a step still RUNNING: that step;</li>
 *   <li>a PAUSED {@code .waitForTaskToken} Task whose callback answered, or whose deadline passed, long ago (one still
 *       waiting for its callback is not stalled): that step, which resumes it;</li>
 *   <li>a finished step that goes on (SUCCEEDED, RETRIED, CAUGHT with a next state): the next step, not before its
 *       {@code next_not_before};</li>
 *   <li>the last step of a branch whose follow-up (branch result, next iteration, join request) is not marked done:
 *       that step, whose redelivery does the follow-up;</li>
 *   <li>a WAITING step that can be joined: its join request; one that cannot and none of whose branches started:
 *       its own message, which starts them; and then the open ends of its RUNNING branches.</li>
 * </ul>
 * A copy of a message still on the queue does no harm: the (run, frame, sequence) claim lets one of them execute the
 * state. A run that cannot be resumed (its definition does not parse, its main chain ended but the run did not,
 * nothing to resume, or no progress for {@code hookrun.sweeper.give-up-after}) is ended FAILED
 * {@value StepExecutor#STEP_ABANDONED}.
 */
@Singleton
public class RunSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(RunSweeper.class);
    /** Sweeping stops when less than this is left of the invocation; the next sweep goes on. */
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private final RunHistory history;
    private final StepQueue queue;
    private final StateMachines machines;
    private final StateInterpreter interpreter;
    private final SweeperConfiguration config;
    private final Clock clock;

    public RunSweeper(RunHistory history, StepQueue queue, StateMachines machines, StateInterpreter interpreter,
                      SweeperConfiguration config, Clock clock) {
        this.history = history;
        this.queue = queue;
        this.machines = machines;
        this.interpreter = interpreter;
        this.config = config;
        this.clock = clock;
    }

    public SweepReport sweep(Deadline deadline) {
        Instant now = clock.instant();
        List<Run> stalled = history.listStalledRuns(now.minus(config.staleAfter()), now, config.maxRuns());
        int resumed = 0;
        int ended = 0;
        int failed = 0;
        for (Run run : stalled) {
            if (deadline.remaining().compareTo(MARGIN) < 0) {
                break;
            }
            try {
                if (sweep(run, now)) {
                    resumed++;
                } else {
                    ended++;
                }
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("run {} could not be swept now: {}", run.id(), FailureText.describe(e));
            }
        }
        SweepReport report = new SweepReport(stalled.size(), resumed, ended, failed);
        LOG.info("sweep: {}", report);
        return report;
    }

    /** Resumes the run (true) or ends it (false). */
    private boolean sweep(Run run, Instant now) {
        List<StateExecution> states = history.stateExecutions(run.id());
        Map<String, StateExecution> lastOfFrame = new HashMap<>();
        for (StateExecution state : states) {
            lastOfFrame.merge(state.frame(), state, (a, b) -> a.sequence() >= b.sequence() ? a : b);
        }
        int rootSequence = lastOfFrame.containsKey(Frames.ROOT) ? lastOfFrame.get(Frames.ROOT).sequence() : 0;
        Instant lastProgress = lastProgress(run, states);
        if (lastProgress.isBefore(now.minus(config.giveUpAfter()))) {
            return end(run, rootSequence, "no progress since " + lastProgress + ", for longer than " + config.giveUpAfter(),
                    now);
        }
        StateMachine machine;
        try {
            machine = machines.parse(run.definition());
        } catch (InvalidDefinitionException e) {
            return end(run, rootSequence, "its definition does not parse: " + String.join("; ", e.problems()), now);
        }
        List<StepMessage> resumes = new ArrayList<>();
        String problem = openEnds(run, machine, lastOfFrame, Frames.ROOT, machine.startAt(), resumes);
        if (problem == null && resumes.isEmpty()) {
            problem = "none of its frames has a step to resume";
        }
        if (problem != null) {
            return end(run, rootSequence, problem, now);
        }
        for (StepMessage step : resumes) {
            queue.sendStep(step, StepDelay.seconds(now, step.notBefore()));
            LOG.warn("run {} had lost a message: step {} ('{}') of frame '{}' sent again", run.id(), step.sequence(),
                    step.stateName(), step.frameName());
        }
        return true;
    }

    /**
     * Adds the messages that resume {@code frame} (and the frames of its open branches) to {@code resumes}; returns
     * why the run cannot be resumed, or null.
     */
    private String openEnds(Run run, StateMachine machine, Map<String, StateExecution> lastOfFrame, String frame,
                            String startAt, List<StepMessage> resumes) {
        String runId = run.id().toString();
        StateExecution last = lastOfFrame.get(frame);
        if (last == null) {
            resumes.add(new StepMessage(runId, frame, 0, startAt, null));
            return null;
        }
        boolean root = Frames.isRoot(frame);
        StepMessage again = new StepMessage(runId, frame, last.sequence(), last.stateName(), null);
        switch (last.status()) {
            case RUNNING -> resumes.add(again);
            // Listed as stalled, so answered or past a deadline long ago: its message is lost. The step's own message
            // resumes it (or, were it still waiting, sends itself on to its deadline).
            case PAUSED -> resumes.add(again);
            case WAITING -> {
                BranchTally tally = history.branchTally(run.id(), frame, last.sequence());
                if (interpreter.joinReady(machine, last.stateName(), tally.total(), tally.open(), tally.failed())) {
                    resumes.add(again); // its join request
                    return null;
                }
                List<Branch> branches = history.branches(run.id(), frame, last.sequence());
                if (branches.stream().allMatch(branch -> branch.status() == BranchStatus.PENDING)) {
                    resumes.add(again); // its forking attempt died before it started them
                }
                for (Branch branch : branches) {
                    if (branch.status() == BranchStatus.RUNNING) {
                        String problem = openEnds(run, machine, lastOfFrame, branch.childFrame(),
                                BranchMachines.startAt(machine, last.stateName(), branch.index()), resumes);
                        if (problem != null) {
                            return problem;
                        }
                    }
                }
            }
            case SUCCEEDED, RETRIED, CAUGHT, FAILED -> {
                if (last.nextState() != null) {
                    resumes.add(new StepMessage(runId, frame, last.sequence() + 1, last.nextState(), last.nextNotBefore()));
                } else if (root || last.status() == StateStatus.RETRIED || last.status() == StateStatus.CAUGHT) {
                    return "its last step (" + (root ? "" : "frame '" + frame + "', ") + last.sequence() + ", '"
                            + last.stateName() + "') ended " + last.status() + " but the run did not";
                } else if (!last.nextEnqueued()) {
                    resumes.add(again); // the branch's end: its result, the next iteration, the join request
                }
            }
        }
        return null;
    }

    private boolean end(Run run, int rootSequence, String why, Instant now) {
        String cause = FailureText.storable("the run stalled and cannot be resumed: " + why);
        history.failRun(run.id(), Frames.ROOT, rootSequence, StepExecutor.STEP_ABANDONED, cause, now);
        LOG.error("run {} FAILED {}: {}", run.id(), StepExecutor.STEP_ABANDONED, cause);
        return false;
    }

    /** The last time anything happened to the run, or is due to (a Wait's or a Retry's end). */
    private static Instant lastProgress(Run run, List<StateExecution> states) {
        Instant last = run.startedAt() == null ? run.createdAt() : run.startedAt();
        for (StateExecution state : states) {
            last = later(last, state.startedAt());
            last = later(last, state.finishedAt());
            last = later(last, state.nextNotBefore());
            if (state.taskWait() != null) {
                last = later(last, state.taskWait().answeredAt());
            }
        }
        return last;
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }
}

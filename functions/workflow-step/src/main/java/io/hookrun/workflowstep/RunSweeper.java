package io.hookrun.workflowstep;

import io.hookrun.asl.InvalidDefinitionException;
import io.hookrun.asl.StateMachine;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.time.Deadline;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Finds RUNNING runs whose message is gone (it reached the DLQ while the database was down and the run could not be
 * ended, or it was lost) and resumes or ends them, so that no run stays RUNNING for ever. A run is stalled when
 * nothing happened to it for {@code hookrun.sweeper.stale-after} ({@link RunHistory#listStalledRuns}). Its open step
 * is sent again: the first state when none ran, the step still RUNNING, or the step after the last one that
 * succeeded. A copy of a message still on the queue does no harm: the (run, sequence) claim lets one of them execute
 * the state. A run that cannot be resumed (its definition does not parse, its last step ended but the run did not,
 * or nothing happened for {@code hookrun.sweeper.give-up-after}) is ended FAILED {@value StepExecutor#STEP_ABANDONED}.
 */
@Singleton
public class RunSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(RunSweeper.class);
    /** Sweeping stops when less than this is left of the invocation; the next sweep goes on. */
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private final RunHistory history;
    private final StepQueue queue;
    private final StateMachines machines;
    private final SweeperConfiguration config;
    private final Clock clock;

    public RunSweeper(RunHistory history, StepQueue queue, StateMachines machines, SweeperConfiguration config,
                      Clock clock) {
        this.history = history;
        this.queue = queue;
        this.machines = machines;
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
        Instant lastProgress = lastProgress(run, states);
        if (lastProgress.isBefore(now.minus(config.giveUpAfter()))) {
            return end(run, states, "no progress since " + lastProgress + ", for longer than " + config.giveUpAfter(), now);
        }
        if (states.isEmpty()) {
            StateMachine machine;
            try {
                machine = machines.parse(run.definition());
            } catch (InvalidDefinitionException e) {
                return end(run, states, "its definition does not parse: " + String.join("; ", e.problems()), now);
            }
            return resume(run, new StepMessage(run.id().toString(), 0, machine.startAt()));
        }
        StateExecution last = states.getLast();
        if (last.status() == StateStatus.RUNNING) {
            return resume(run, new StepMessage(run.id().toString(), last.sequence(), last.stateName()));
        }
        if (last.status() == StateStatus.SUCCEEDED && last.nextState() != null) {
            return resume(run, new StepMessage(run.id().toString(), last.sequence() + 1, last.nextState()));
        }
        return end(run, states, "its last step (" + last.sequence() + ", '" + last.stateName() + "') ended "
                + last.status() + " but the run did not", now);
    }

    private boolean resume(Run run, StepMessage step) {
        queue.sendStep(step);
        LOG.warn("run {} had lost its message: step {} ('{}') sent again", run.id(), step.sequence(), step.stateName());
        return true;
    }

    private boolean end(Run run, List<StateExecution> states, String why, Instant now) {
        int sequence = states.isEmpty() ? 0 : states.getLast().sequence();
        String cause = FailureText.storable("the run stalled and cannot be resumed: " + why);
        history.failRun(run.id(), sequence, StepExecutor.STEP_ABANDONED, cause, now);
        LOG.error("run {} FAILED {}: {}", run.id(), StepExecutor.STEP_ABANDONED, cause);
        return false;
    }

    private static Instant lastProgress(Run run, List<StateExecution> states) {
        Instant last = run.startedAt() == null ? run.createdAt() : run.startedAt();
        for (StateExecution state : states) {
            last = later(last, state.startedAt());
            last = later(last, state.finishedAt());
        }
        return last;
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }
}

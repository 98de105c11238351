package io.hookrun.admin;

import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /admin/runs/{id}/cancel}: a QUEUED or RUNNING run becomes ABORTED, as Step Functions' StopExecution
 * makes an execution ABORTED (ADR 0007). Its open steps end FAILED {@code hookrun.Aborted} and its open branches
 * ABORTED in one transaction ({@link RunHistory#abortRun}); messages of the run still on the queue (a Wait's delayed
 * step, a retry, a branch) are dropped when they arrive, because the step function executes nothing of a finished
 * run. A call already running (a Task's HTTP request) is not interrupted: its result is not recorded.
 */
@Singleton
public class RunCancel {

    /** The cause an aborted run and its steps carry. */
    static final String CAUSE = "cancelled through the admin API (POST /admin/runs/{id}/cancel)";

    private static final Logger LOG = LoggerFactory.getLogger(RunCancel.class);

    /** How a cancel turned out. */
    public sealed interface Outcome {
        /** The run is ABORTED now: {@code run} shows it. */
        record Cancelled(RunLookup run) implements Outcome { }
        /** It had ended already (SUCCEEDED, FAILED or ABORTED) and stays as it ended. */
        record AlreadyFinished(String runId, String status) implements Outcome { }
        record NotFound(String runId) implements Outcome { }
        record NotARunId(String runId) implements Outcome { }
    }

    private final RunHistory history;
    private final RunDetails details;
    private final Clock clock;

    public RunCancel(RunHistory history, RunDetails details, Clock clock) {
        this.history = history;
        this.details = details;
        this.clock = clock;
    }

    public Outcome cancel(String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            return new Outcome.NotARunId(runId);
        }
        if (history.abortRun(id, CAUSE, clock.instant())) {
            LOG.info("run {} cancelled: ABORTED", id);
            return new Outcome.Cancelled(details.get(id.toString(), null));
        }
        // Not aborted: it does not exist, or it had finished (or finished just now, before the abort could).
        Optional<Run> run = history.findRun(id);
        return run.isEmpty() ? new Outcome.NotFound(runId)
                : new Outcome.AlreadyFinished(id.toString(), run.get().status().name());
    }
}

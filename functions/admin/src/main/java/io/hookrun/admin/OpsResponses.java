package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpResponses;
import io.hookrun.lambda.http.ProblemDetail;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * The answers of the operations routes (ADR 0007): cancel, replay, dead letters and redrives, as 200/202 with their
 * views or RFC 9457 problems. Kept apart from {@link AdminResponses} so those routes read as one piece.
 */
@Singleton
public class OpsResponses {

    private final HttpResponses responses;
    private final AdminResponses admin;

    public OpsResponses(HttpResponses responses, AdminResponses admin) {
        this.responses = responses;
        this.admin = admin;
    }

    public APIGatewayV2HTTPResponse cancel(RunCancel.Outcome outcome) {
        return switch (outcome) {
            case RunCancel.Outcome.Cancelled(RunLookup run) -> admin.run(run);
            case RunCancel.Outcome.AlreadyFinished(String runId, String status) -> responses.problem(409,
                    "run-finished", "Run finished", "run " + runId + " has ended " + status + "; only a QUEUED or"
                            + " RUNNING run can be cancelled (replay it with POST /admin/runs/" + runId + "/replay)");
            case RunCancel.Outcome.NotFound(String runId) -> unknownRun(runId);
            case RunCancel.Outcome.NotARunId(String runId) -> notARunId(runId);
        };
    }

    public APIGatewayV2HTTPResponse replay(RunReplay.Outcome outcome) {
        return switch (outcome) {
            case RunReplay.Outcome.Started(RunReplay.ReplayAnswer answer) ->
                    responses.json(202, answer, Map.of("Location", answer.location()));
            case RunReplay.Outcome.NotFound(String runId) -> unknownRun(runId);
            case RunReplay.Outcome.NotARunId(String runId) -> notARunId(runId);
            case RunReplay.Outcome.NotFinished(String runId, String status) -> responses.problem(409,
                    "run-not-finished", "Run not finished", "run " + runId + " is " + status + "; a run is replayed"
                            + " once it has ended (cancel it first with POST /admin/runs/" + runId + "/cancel)");
            case RunReplay.Outcome.NoSnapshot(String runId) -> responses.problem(409, "nothing-to-replay",
                    "Nothing to replay", "run " + runId + " failed before it had a workflow definition");
            case RunReplay.Outcome.InvalidBody(String problem) -> responses.problem(400, "invalid-replay",
                    "Invalid replay", problem);
            case RunReplay.Outcome.StateNotInMainChain(String runId, String state, boolean inBranch) ->
                    responses.problem(400, "invalid-replay", "Invalid replay", inBranch
                            ? "state '" + state + "' ran only inside a Map or Parallel branch of run " + runId
                                    + "; a replay starts at a state of the main chain"
                            : "state '" + state + "' never ran in the main chain of run " + runId);
            case RunReplay.Outcome.NotQueued(java.time.Duration retryAfter) -> responses.problem(ProblemDetail.of(503,
                    "unavailable", "Temporarily unavailable", "SQS did not confirm the replay's start, so it may or"
                            + " may not start; asking again may start a second replay"),
                    Map.of(AdminResponses.RETRY_AFTER_HEADER, Long.toString(Math.max(1, retryAfter.toSeconds()))));
        };
    }

    public APIGatewayV2HTTPResponse deadLetters(DeadLetterAdmin.Listing listing) {
        return switch (listing) {
            case DeadLetterAdmin.Listing.Page(DeadLetterAdmin.DeadLetterPage page) -> responses.json(200, page);
            case DeadLetterAdmin.Listing.InvalidLimit(String problem) ->
                    responses.problem(400, "invalid-query", "Invalid query", problem);
        };
    }

    public APIGatewayV2HTTPResponse redrive(DeadLetterAdmin.RedriveView redrive) {
        return responses.json(202, redrive, Map.of("Location", "/admin/dead-letters/redrives"));
    }

    public APIGatewayV2HTTPResponse redrives(List<DeadLetterAdmin.MoveTaskView> tasks) {
        return responses.json(200, tasks);
    }

    private APIGatewayV2HTTPResponse unknownRun(String runId) {
        return responses.problem(404, "unknown-run", "Unknown run", "no run has the id " + runId);
    }

    private APIGatewayV2HTTPResponse notARunId(String runId) {
        return responses.problem(400, "invalid-id", "Invalid run id", "'" + runId + "' is not a run id (a UUID)");
    }
}

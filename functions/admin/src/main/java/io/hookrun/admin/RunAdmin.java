package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpResponses;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.micronaut.core.annotation.Nullable;
import io.hookrun.core.json.JsonText;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@code GET /admin/runs/{runId}} and {@code GET /admin/runs?triggerId=&status=&limit=}: run history from PostgreSQL. */
@Singleton
public class RunAdmin {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /** Why a run or state failed, as Step Functions reports it. */
    @Serdeable
    public record ErrorView(String error, @Nullable String cause) {
    }

    /** One executed state, with its timing. */
    @Serdeable
    public record StateView(int sequence, String name, String type, String status, @Nullable Object input,
                            @Nullable Object output, @Nullable ErrorView error, int attempts, Instant startedAt,
                            @Nullable Instant finishedAt, @Nullable Long durationMs) {
    }

    /** A whole run. */
    @Serdeable
    public record RunView(String runId, String triggerId, String workflowId, String eventId, String status,
                          @Nullable Object input, @Nullable Object output, @Nullable ErrorView error,
                          Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt,
                          @Nullable Long durationMs, List<StateView> states) {
    }

    /** A run in a list. */
    @Serdeable
    public record RunSummary(String runId, String triggerId, String workflowId, String eventId, String status,
                             @Nullable ErrorView error, Instant createdAt, @Nullable Instant finishedAt) {
    }

    private final RunHistory history;
    private final HttpResponses responses;
    private final JsonText json;

    public RunAdmin(RunHistory history, HttpResponses responses, JsonText json) {
        this.history = history;
        this.responses = responses;
        this.json = json;
    }

    public APIGatewayV2HTTPResponse get(String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            return responses.problem(400, "invalid-id", "Invalid run id", "'" + runId + "' is not a run id (a UUID)");
        }
        Optional<Run> run = history.findRun(id);
        if (run.isEmpty()) {
            return responses.problem(404, "unknown-run", "Unknown run",
                    "no run has the id " + runId + " (an accepted event is recorded as a run when it is first processed)");
        }
        List<StateView> states = history.stateExecutions(id).stream().map(this::stateView).toList();
        Run r = run.get();
        return responses.json(200, new RunView(r.id().toString(), r.triggerId(), r.workflowId(), r.eventId(),
                r.status().name(), parse(r.input()), parse(r.output()), error(r.error(), r.cause()),
                r.createdAt(), r.startedAt(), r.finishedAt(), millis(r.startedAt(), r.finishedAt()), states));
    }

    public APIGatewayV2HTTPResponse list(Map<String, String> query) {
        RunStatus status = null;
        String statusParam = query.get("status");
        if (statusParam != null && !statusParam.isBlank()) {
            try {
                status = RunStatus.valueOf(statusParam.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return responses.problem(400, "invalid-query", "Invalid query",
                        "status must be one of " + Arrays.toString(RunStatus.values()));
            }
        }
        int limit = DEFAULT_LIMIT;
        String limitParam = query.get("limit");
        if (limitParam != null && !limitParam.isBlank()) {
            try {
                limit = Integer.parseInt(limitParam.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                return responses.problem(400, "invalid-query", "Invalid query", "limit must be a number from 1 to " + MAX_LIMIT);
            }
        }
        String triggerId = query.get("triggerId");
        List<RunSummary> runs = history.listRuns(triggerId == null || triggerId.isBlank() ? null : triggerId, status, limit)
                .stream()
                .map(r -> new RunSummary(r.id().toString(), r.triggerId(), r.workflowId(), r.eventId(), r.status().name(),
                        error(r.error(), r.cause()), r.createdAt(), r.finishedAt()))
                .toList();
        return responses.json(200, runs);
    }

    private StateView stateView(StateExecution s) {
        return new StateView(s.sequence(), s.stateName(), s.stateType(), s.status().name(), parse(s.input()),
                parse(s.output()), error(s.error(), s.cause()), s.attempts(), s.startedAt(), s.finishedAt(),
                millis(s.startedAt(), s.finishedAt()));
    }

    private static ErrorView error(String error, String cause) {
        return error == null ? null : new ErrorView(error, cause);
    }

    private static Long millis(Instant start, Instant end) {
        return start == null || end == null ? null : Duration.between(start, end).toMillis();
    }

    private Object parse(String text) {
        return json.parse(text);
    }
}

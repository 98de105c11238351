package io.hookrun.admin;

import io.hookrun.core.page.InvalidPageTokenException;
import io.hookrun.core.page.Page;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunCursor;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunPage;
import io.hookrun.core.run.RunQuery;
import io.hookrun.core.run.RunStatus;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /admin/runs?triggerId=&workflowId=&status=&from=&to=&limit=&nextToken=} (ADR 0009): run history from
 * PostgreSQL, newest first, a page at a time ({@link RunDetails} shows one run). {@code from} is inclusive and
 * {@code to} exclusive, ISO-8601 instants on the run's creation time. Runs started from the admin API have no
 * trigger: they appear unfiltered and under their workflow and status, never under a trigger id. Every problem names
 * the parameter. Database failures are not caught here: an outage reaches the handler, which answers 503.
 */
@Singleton
public class RunAdmin {

    private static final String INSTANT = "an ISO-8601 instant such as 2026-12-01T10:00:00Z";

    private final RunHistory history;
    private final RunPageToken tokens;

    public RunAdmin(RunHistory history, RunPageToken tokens) {
        this.history = history;
        this.tokens = tokens;
    }

    /** The page the query parameters ask for (as the caller sent them; blank or absent means no filter). */
    public Listing<Run> list(Map<String, String> query) {
        ListParameters parameters = ListParameters.of(query);
        if (parameters == null) {
            return new Listing.InvalidQuery<>(ListParameters.limitProblem());
        }
        String triggerId = blankToNull(query.get("triggerId"));
        if (triggerId != null && ResourceIds.problem("trigger", triggerId) != null) {
            return new Listing.InvalidQuery<>("triggerId: " + ResourceIds.problem("trigger", triggerId));
        }
        String workflowId = blankToNull(query.get("workflowId"));
        if (workflowId != null && ResourceIds.problem("workflow", workflowId) != null) {
            return new Listing.InvalidQuery<>("workflowId: " + ResourceIds.problem("workflow", workflowId));
        }
        RunStatus status = null;
        String statusText = blankToNull(query.get("status"));
        if (statusText != null) {
            try {
                status = RunStatus.valueOf(statusText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return new Listing.InvalidQuery<>("status must be one of " + Arrays.toString(RunStatus.values()));
            }
        }
        Instant from;
        Instant to;
        try {
            from = instant("from", query.get("from"));
            to = instant("to", query.get("to"));
        } catch (IllegalArgumentException e) {
            return new Listing.InvalidQuery<>(e.getMessage());
        }
        if (from != null && to != null && !from.isBefore(to)) {
            return new Listing.InvalidQuery<>("from must be before to (from is inclusive, to exclusive)");
        }
        RunQuery runQuery = new RunQuery(triggerId, workflowId, status, from, to, null, parameters.limit());
        RunCursor after = null;
        if (parameters.nextToken() != null) {
            try {
                after = tokens.read(parameters.nextToken(), runQuery);
            } catch (InvalidPageTokenException e) {
                return new Listing.InvalidQuery<>(ListParameters.INVALID_TOKEN);
            }
        }
        RunPage page = history.listRuns(runQuery.startingAfter(after));
        return new Listing.Found<>(new Page<>(page.runs(),
                page.next() == null ? null : tokens.write(runQuery, page.next())));
    }

    private static @Nullable Instant instant(String parameter, @Nullable String text) {
        String value = blankToNull(text);
        if (value == null) {
            return null;
        }
        try {
            // An offset's '+' left unescaped in a query string arrives as a space (form encoding): read it as '+'.
            return OffsetDateTime.parse(value.replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(parameter + " must be " + INSTANT + " (with Z or an offset)");
        }
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}

package io.hookrun.admin;

import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code GET /admin/runs?triggerId=&status=&limit=}: run history from PostgreSQL ({@link RunDetails} shows one run).
 * Runs started from the admin API have no trigger: they appear unfiltered and under their status, never under a
 * trigger id. Database failures are not caught here: an outage reaches the handler, which answers 503.
 */
@Singleton
public class RunAdmin {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = RunHistory.MAX_LIST;

    private final RunHistory history;

    public RunAdmin(RunHistory history) {
        this.history = history;
    }

    /**
     * Runs newest first. The parameters are the query's text as the caller sent it; blank or absent means no
     * filter and the default limit of {@value #DEFAULT_LIMIT}.
     *
     * @param limit a number from 1 to {@value #MAX_LIMIT}
     */
    public RunListing list(@Nullable String triggerId, @Nullable String status, @Nullable String limit) {
        RunStatus statusFilter = null;
        if (status != null && !status.isBlank()) {
            try {
                statusFilter = RunStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return new RunListing.InvalidQuery("status must be one of " + Arrays.toString(RunStatus.values()));
            }
        }
        int count = ListLimit.parse(limit, DEFAULT_LIMIT, MAX_LIMIT);
        if (count < 0) {
            return new RunListing.InvalidQuery(ListLimit.problem(MAX_LIMIT));
        }
        String triggerFilter = triggerId == null || triggerId.isBlank() ? null : triggerId;
        return new RunListing.RunPage(history.listRuns(triggerFilter, statusFilter, count));
    }
}

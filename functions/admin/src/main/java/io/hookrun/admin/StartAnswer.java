package io.hookrun.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * The answer to {@code POST /admin/workflows/{id}/runs}: the run that was started. A named start stores it with its
 * claim, and a retry of the same start is given it again (with the run's status as it is then).
 *
 * @param name        the start's name, null for an unnamed start (shown as {@code null})
 * @param status      QUEUED until the step function has taken the start message, then the run's status
 * @param requestedAt when the start was first accepted
 * @param links       where to follow the run, and its workflow
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StartAnswer(String runId, String workflowId, @Nullable String name, String status, Instant requestedAt,
                          Links links) {

    /** Admin API paths of the run and its workflow. */
    @Serdeable
    public record Links(String run, String workflow) {
    }

    static StartAnswer queued(String runId, String workflowId, @Nullable String name, Instant requestedAt) {
        return new StartAnswer(runId, workflowId, name, "QUEUED", requestedAt,
                new Links("/admin/runs/" + runId, "/admin/workflows/" + workflowId));
    }

    StartAnswer withStatus(String newStatus) {
        return new StartAnswer(runId, workflowId, name, newStatus, requestedAt, links);
    }
}

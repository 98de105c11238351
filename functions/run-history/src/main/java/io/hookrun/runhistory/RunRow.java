package io.hookrun.runhistory;

import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code runs}: the JDBC mapping of the domain's {@link Run}; only this module sees it. */
@MappedEntity("runs")
record RunRow(@Id UUID id, @Nullable String triggerId, String workflowId, @Nullable String eventId, String status,
              @Nullable String input, @Nullable String output, @Nullable String error, @Nullable String cause,
              @Nullable String definition, Instant createdAt, @Nullable Instant startedAt,
              @Nullable Instant finishedAt, @Nullable UUID replayOf, @Nullable Integer workflowVersion) {

    Run toRun() {
        return new Run(id, triggerId, workflowId, eventId, RunStatus.valueOf(status), input, output, error, cause,
                definition, createdAt, startedAt, finishedAt, replayOf, workflowVersion);
    }
}

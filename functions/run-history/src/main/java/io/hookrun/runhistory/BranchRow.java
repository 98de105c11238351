package io.hookrun.runhistory;

import io.hookrun.core.run.Branch;
import io.hookrun.core.run.BranchStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code branches}: the JDBC mapping of the domain's {@link Branch}; only this module sees it. */
@MappedEntity("branches")
record BranchRow(UUID runId, String frame, int sequence, int branchIndex, String status, @Nullable String input,
                 @Nullable String output, @Nullable String error, @Nullable String cause,
                 @Nullable Instant startedAt, @Nullable Instant finishedAt) {

    Branch toBranch() {
        return new Branch(runId, frame, sequence, branchIndex, BranchStatus.valueOf(status), input, output, error,
                cause, startedAt, finishedAt);
    }
}

package io.hookrun.admin;

import io.hookrun.core.workflow.StoredWorkflow;

/** The answer to {@code GET /admin/workflows/{id}/versions/{n}}. */
public sealed interface VersionLookup {

    /** Version {@code n}, with its definition. */
    record Found(StoredWorkflow version) implements VersionLookup {
    }

    /** The path's version is not a whole number from 1. */
    record InvalidVersion(String version) implements VersionLookup {
    }

    /** No workflow has this id. */
    record UnknownWorkflow(String workflowId) implements VersionLookup {
    }

    /** The workflow exists but has no such version ({@code latest} is its current one). */
    record UnknownVersion(String workflowId, String version, int latest) implements VersionLookup {
    }
}

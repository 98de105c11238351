-- Issue 11 (ADR 0009): the version of the workflow a run started with (GET /admin/runs/{id} shows it as
-- workflowVersion). Null for runs recorded before workflows had versions, and for runs that failed before their
-- workflow was found.
ALTER TABLE runs ADD COLUMN workflow_version INTEGER;

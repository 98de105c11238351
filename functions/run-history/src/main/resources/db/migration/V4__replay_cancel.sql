-- Issue 9 (ADR 0007): cancel and replay.

-- A run cancelled from the admin API ends ABORTED. (Dropped and added by name, IF EXISTS: the constraint is the one
-- V1 declared inline, which PostgreSQL names runs_status_check.)
ALTER TABLE runs DROP CONSTRAINT IF EXISTS runs_status_check;
ALTER TABLE runs ADD CONSTRAINT runs_status_check
    CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED'));

-- The run a replay was started from (POST /admin/runs/{id}/replay). No foreign key: a replay must not stop the run
-- it replays from ever being deleted by hand.
ALTER TABLE runs ADD COLUMN replay_of UUID;

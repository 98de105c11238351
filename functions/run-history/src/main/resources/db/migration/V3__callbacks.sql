-- Issue 9 (ADR 0007): a .waitForTaskToken Task step PAUSED for its callback.
-- paused_at: when the step paused (set once; a step RUNNING again with it set is resuming). timeout_at and
-- heartbeat_at: its deadlines (NULL: none); heartbeat_seconds: HeartbeatSeconds as evaluated when it paused, what a
-- heartbeat callback moves heartbeat_at on by. answered_at and answer_*: the callback's answer; the single use of a
-- task token is the condition answered_at IS NULL of the statement that records one.
ALTER TABLE state_executions
    ADD COLUMN paused_at         TIMESTAMPTZ,
    ADD COLUMN timeout_at        TIMESTAMPTZ,
    ADD COLUMN heartbeat_at      TIMESTAMPTZ,
    ADD COLUMN heartbeat_seconds BIGINT CHECK (heartbeat_seconds > 0),
    ADD COLUMN answered_at       TIMESTAMPTZ,
    ADD COLUMN answer_output     TEXT,
    ADD COLUMN answer_error      TEXT,
    ADD COLUMN answer_cause      TEXT;

ALTER TABLE state_executions DROP CONSTRAINT state_executions_status_check;
ALTER TABLE state_executions ADD CONSTRAINT state_executions_status_check
    CHECK (status IN ('RUNNING', 'WAITING', 'PAUSED', 'SUCCEEDED', 'RETRIED', 'CAUGHT', 'FAILED'));

-- Run history. JSON documents (inputs, outputs, definitions) are kept as text: they are written and read
-- whole, never queried inside, and text keeps them byte-for-byte as the workflow produced them.
CREATE TABLE runs (
    id           UUID PRIMARY KEY,
    trigger_id   TEXT        NOT NULL,
    workflow_id  TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    input        TEXT,
    output       TEXT,
    error        TEXT,
    cause        TEXT,
    definition   TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ
);
CREATE INDEX runs_created_at ON runs (created_at DESC);
CREATE INDEX runs_trigger_created_at ON runs (trigger_id, created_at DESC);
CREATE INDEX runs_status_created_at ON runs (status, created_at DESC);

-- One row per executed state. The (run_id, sequence) key is the claim that makes a redelivered step message
-- a no-op. next_state records where the run goes on, so a lost next-step message can be re-sent.
CREATE TABLE state_executions (
    run_id        UUID        NOT NULL REFERENCES runs (id),
    sequence      INT         NOT NULL,
    state_name    TEXT        NOT NULL,
    state_type    TEXT        NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    input         TEXT,
    output        TEXT,
    error         TEXT,
    cause         TEXT,
    next_state    TEXT,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    lease_until   TIMESTAMPTZ,
    attempts      INT         NOT NULL DEFAULT 1,
    next_enqueued BOOLEAN     NOT NULL DEFAULT FALSE,
    PRIMARY KEY (run_id, sequence)
);

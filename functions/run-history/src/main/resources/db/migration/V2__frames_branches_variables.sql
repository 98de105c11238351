-- Issue 7 (ADR 0005): frames, forks and joins, waits, retries and variables.

-- A run started from the admin API has no trigger, and no event id unless it was named.
ALTER TABLE runs ALTER COLUMN trigger_id DROP NOT NULL;
ALTER TABLE runs ALTER COLUMN event_id DROP NOT NULL;

-- A step is (run, frame, sequence): frame '' is the run's main chain, '3.0/5.12' iteration 12 of the Map run as
-- step 5 of branch 0 of the Parallel run as step 3 (io.hookrun.core.run.Frames). Existing steps are the root's.
-- Frame names are ASCII; collation "C" compares them byte by byte, as Java's String.compareTo does, whatever the
-- database's default collation.
ALTER TABLE state_executions
    ADD COLUMN frame              TEXT COLLATE "C" NOT NULL DEFAULT '',
    ADD COLUMN variables          TEXT,
    ADD COLUMN next_not_before    TIMESTAMPTZ,
    ADD COLUMN retries            TEXT,
    -- A forked Map/Parallel step: its branch count and concurrency, and the tally of its branches kept here, so
    -- that ending a branch updates the branch row and this row in one transaction, in O(1), and concurrent branch
    -- ends serialise on this row's lock (no COUNT(*) over thousands of branch rows). ABORTED branches are counted
    -- in none of open/succeeded/failed.
    ADD COLUMN branches           INT,
    ADD COLUMN concurrency        INT,
    ADD COLUMN branches_open      INT,
    ADD COLUMN branches_succeeded INT,
    ADD COLUMN branches_failed    INT,
    ADD CONSTRAINT state_executions_fork_check CHECK (
        (branches IS NULL AND concurrency IS NULL AND branches_open IS NULL AND branches_succeeded IS NULL
            AND branches_failed IS NULL)
        OR (branches > 0 AND concurrency > 0 AND branches_open >= 0 AND branches_succeeded >= 0
            AND branches_failed >= 0 AND branches_open + branches_succeeded + branches_failed <= branches));

ALTER TABLE state_executions DROP CONSTRAINT state_executions_pkey;
ALTER TABLE state_executions ADD PRIMARY KEY (run_id, frame, sequence);

ALTER TABLE state_executions DROP CONSTRAINT state_executions_status_check;
ALTER TABLE state_executions ADD CONSTRAINT state_executions_status_check
    CHECK (status IN ('RUNNING', 'WAITING', 'SUCCEEDED', 'RETRIED', 'CAUGHT', 'FAILED'));

-- One row per branch of a Parallel state or iteration of a Map state, written PENDING with its input when the
-- state forks; its output (or error) is what the join reads, in branch_index order, never from a message.
CREATE TABLE branches (
    run_id       UUID        NOT NULL,
    frame        TEXT        COLLATE "C" NOT NULL,
    sequence     INT         NOT NULL,
    branch_index INT         NOT NULL CHECK (branch_index >= 0),
    status       TEXT        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED')),
    input        TEXT,
    output       TEXT,
    error        TEXT,
    cause        TEXT,
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    PRIMARY KEY (run_id, frame, sequence, branch_index),
    FOREIGN KEY (run_id, frame, sequence) REFERENCES state_executions (run_id, frame, sequence)
);

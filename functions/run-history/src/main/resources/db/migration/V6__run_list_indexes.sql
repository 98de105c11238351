-- Issue 11 (ADR 0009): GET /admin/runs pages by keyset, newest first: ORDER BY created_at DESC, id DESC, the next page
-- after (created_at, id) < (cursor). One index per filter, each ending in (created_at DESC, id DESC), so every page is
-- an index range read from the cursor on, however deep the page. (V5 belongs to the run's workflow version.)
CREATE INDEX runs_page ON runs (created_at DESC, id DESC);
CREATE INDEX runs_trigger_page ON runs (trigger_id, created_at DESC, id DESC);
CREATE INDEX runs_workflow_page ON runs (workflow_id, created_at DESC, id DESC);
CREATE INDEX runs_status_page ON runs (status, created_at DESC, id DESC);

-- The V1 indexes these extend: each is a prefix of its successor, which serves every query it served (the sweeper's
-- status = 'RUNNING' AND created_at < ... reads runs_status_page backwards). Kept, they would only cost writes.
DROP INDEX runs_created_at;
DROP INDEX runs_trigger_created_at;
DROP INDEX runs_status_created_at;

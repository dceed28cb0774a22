-- 0020: the executions still running, indexed on their own (a partial index, small and cheap to keep), so
-- that /metrics counts the open executions at each scrape without reading every execution.

CREATE INDEX executions_running ON executions (status) WHERE status = 'RUNNING';

-- 0022: the commit and start functions' statements always reach rows through their keys. PostgreSQL plans
-- a function's statements once per connection and keeps the plan; made while the work table is nearly
-- empty (a node's first steps, a quiet spell), the plan for deleting consumed items by id was a scan of the
-- whole table, and it stayed one as the table grew: in the durable benchmark such scans read over a
-- hundred pages a group commit, and the group commits took 2.27 s of statement time per 3,000 executions
-- with them, 1.80 s without (pg_stat_statements, 2026-12-06). Every statement of these functions
-- finds its rows by a key, so a scan is never the better plan here; ANALYZE would correct the estimate
-- only when autovacuum next comes by.
ALTER FUNCTION stepwise_commit_step SET enable_seqscan = off;
ALTER FUNCTION stepwise_commit_steps SET enable_seqscan = off;
ALTER FUNCTION stepwise_create_execution SET enable_seqscan = off;
ALTER FUNCTION stepwise_create_executions SET enable_seqscan = off;

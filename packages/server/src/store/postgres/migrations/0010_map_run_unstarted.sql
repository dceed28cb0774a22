-- 0010: the map run items taken to run but not yet known started (a crash in between), found without
-- scanning every running item: takeChildren looks for them on each call.
CREATE INDEX map_run_items_unstarted ON map_run_items (map_run_arn, idx) WHERE status = 'RUNNING' AND NOT started;

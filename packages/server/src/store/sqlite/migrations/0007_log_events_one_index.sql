-- 0007: log events keep one index, by group and time. Execution logs write an event per history event,
-- and each index is pages written per commit; a stream's events (GetLogEvents, rare) are found through
-- the group's index, filtered by stream.

DROP INDEX log_events_by_stream;

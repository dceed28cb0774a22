-- 0012: retention. Finished executions are deleted some days after they closed (serve --retention-days),
-- oldest first, in small batches: an index on the close date finds them without scanning the table.
-- Running executions have no stop date and stay out of it.

CREATE INDEX executions_by_stop_date ON executions (stop_date) WHERE stop_date IS NOT NULL;

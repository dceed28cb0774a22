-- 0019: counts per state machine and minute (store/execution-minutes.ts), the only trace Express executions
-- leave besides their log records: what the console's metrics page charts for an Express machine.

CREATE TABLE execution_minutes (
  state_machine_arn TEXT NOT NULL,
  minute INTEGER NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (state_machine_arn, minute, kind, key)
) WITHOUT ROWID;

CREATE INDEX execution_minutes_by_minute ON execution_minutes (minute);

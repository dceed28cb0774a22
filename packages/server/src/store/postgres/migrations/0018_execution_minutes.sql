-- 0018: counts per state machine and minute (store/execution-minutes.ts), the only trace Express executions
-- leave besides their log records: what the console's metrics page charts for an Express machine. Every
-- node adds its own counts to the same rows.

CREATE TABLE execution_minutes (
  state_machine_arn text NOT NULL,
  minute bigint NOT NULL,
  kind text NOT NULL,
  key text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (state_machine_arn, minute, kind, key)
);

CREATE INDEX execution_minutes_by_minute ON execution_minutes (minute);

-- 0003: a smaller write per step. SQLite rewrites a whole row on UPDATE, and every step updated the
-- execution row with its definition text in it; history rows were keyed by the execution's ARN, so
-- concurrent executions scattered their inserts over the whole table and a commit wrote many pages.
-- Definitions are now stored once and referenced; history rows are appended in commit order and found
-- through a small index on the execution's integer key. Work gets an index on leases: the scheduler's
-- wake-up time scanned every row on each turn.

CREATE TABLE definitions (
  id INTEGER PRIMARY KEY,
  definition TEXT NOT NULL UNIQUE
);
INSERT INTO definitions (definition) SELECT DISTINCT definition FROM executions ORDER BY seq;

ALTER TABLE executions RENAME TO executions_0002;
DROP INDEX executions_by_machine;
DROP INDEX executions_by_map_run;
DROP INDEX executions_by_parent;

CREATE TABLE executions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  arn TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  state_machine_arn TEXT NOT NULL,
  state_machine_version_arn TEXT,
  state_machine_alias_arn TEXT,
  definition_id INTEGER NOT NULL,
  revision_id TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  logging_configuration TEXT,
  tracing_configuration TEXT,
  status TEXT NOT NULL,
  input TEXT NOT NULL,
  output TEXT,
  error TEXT,
  cause TEXT,
  start_date INTEGER NOT NULL,
  stop_date INTEGER,
  redrive_count INTEGER NOT NULL DEFAULT 0,
  redrive_date INTEGER,
  trace_header TEXT,
  map_run_arn TEXT,
  parent_execution_arn TEXT,
  parent_task_id TEXT,
  parent_resource TEXT,
  -- The engine's ExecutionState: the truth; the columns above are copies for lists and filters.
  state TEXT NOT NULL,
  version INTEGER NOT NULL
);
INSERT INTO executions (seq, arn, name, state_machine_arn, state_machine_version_arn, state_machine_alias_arn,
  definition_id, revision_id, role_arn, logging_configuration, tracing_configuration, status, input, output,
  error, cause, start_date, stop_date, redrive_count, redrive_date, trace_header, map_run_arn,
  parent_execution_arn, parent_task_id, parent_resource, state, version)
SELECT o.seq, o.arn, o.name, o.state_machine_arn, o.state_machine_version_arn, o.state_machine_alias_arn,
  d.id, o.revision_id, o.role_arn, o.logging_configuration, o.tracing_configuration, o.status, o.input, o.output,
  o.error, o.cause, o.start_date, o.stop_date, o.redrive_count, o.redrive_date, o.trace_header, o.map_run_arn,
  o.parent_execution_arn, o.parent_task_id, o.parent_resource, o.state, o.version
FROM executions_0002 o JOIN definitions d ON d.definition = o.definition
ORDER BY o.seq;
-- Keep the sequence where it was, so a deleted execution's seq (a page token) is never given again.
DELETE FROM sqlite_sequence WHERE name = 'executions';
UPDATE sqlite_sequence SET name = 'executions' WHERE name = 'executions_0002';
DROP TABLE executions_0002;
CREATE INDEX executions_by_machine ON executions (state_machine_arn, seq);
CREATE INDEX executions_by_map_run ON executions (map_run_arn, seq);
CREATE INDEX executions_by_parent ON executions (parent_execution_arn, parent_task_id);

ALTER TABLE history_events RENAME TO history_events_0002;
CREATE TABLE history_events (
  seq INTEGER PRIMARY KEY,
  execution_seq INTEGER NOT NULL,
  id INTEGER NOT NULL,
  event TEXT NOT NULL
);
INSERT INTO history_events (execution_seq, id, event)
SELECT e.seq, h.id, h.event FROM history_events_0002 h JOIN executions e ON e.arn = h.execution_arn
ORDER BY e.seq, h.id;
DROP TABLE history_events_0002;
-- An execution's events, and the guard that one is never written twice.
CREATE UNIQUE INDEX history_events_by_execution ON history_events (execution_seq, id);

CREATE INDEX work_by_lease ON work (lease_until) WHERE lease_until IS NOT NULL;

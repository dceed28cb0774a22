-- 0001: the initial schema. Migrations are immutable once committed: change the schema with a new file.
-- Dates are epoch milliseconds; JSON documents are stored as text. `seq` columns give a stable order
-- for keyset pagination (the opaque nextToken is a seq).

CREATE TABLE state_machines (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  arn TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  logging_configuration TEXT,
  tracing_configuration TEXT,
  description TEXT,
  revision_id TEXT NOT NULL,
  creation_date INTEGER NOT NULL,
  update_date INTEGER,
  -- Version numbers are never reused, even after a version is deleted.
  next_version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE versions (
  arn TEXT PRIMARY KEY,
  state_machine_arn TEXT NOT NULL,
  version INTEGER NOT NULL,
  description TEXT,
  revision_id TEXT NOT NULL,
  type TEXT NOT NULL,
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  logging_configuration TEXT,
  tracing_configuration TEXT,
  creation_date INTEGER NOT NULL,
  UNIQUE (state_machine_arn, version)
);

CREATE TABLE aliases (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  arn TEXT NOT NULL UNIQUE,
  state_machine_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  routing_configuration TEXT NOT NULL,
  creation_date INTEGER NOT NULL,
  update_date INTEGER
);
CREATE INDEX aliases_by_machine ON aliases (state_machine_arn, seq);

CREATE TABLE tags (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  resource_arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  UNIQUE (resource_arn, key)
);

CREATE TABLE activities (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  arn TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  creation_date INTEGER NOT NULL,
  encryption_configuration TEXT
);

CREATE TABLE executions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  arn TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  state_machine_arn TEXT NOT NULL,
  state_machine_version_arn TEXT,
  state_machine_alias_arn TEXT,
  definition TEXT NOT NULL,
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
  -- The engine's ExecutionState: the truth; the columns above are copies for lists and filters.
  state TEXT NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX executions_by_machine ON executions (state_machine_arn, seq);
CREATE INDEX executions_by_map_run ON executions (map_run_arn, seq);

CREATE TABLE history_events (
  execution_arn TEXT NOT NULL,
  id INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (execution_arn, id)
) WITHOUT ROWID;

-- Timers and task invocations (the outbox), claimed with leases.
CREATE TABLE work (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  execution_arn TEXT NOT NULL,
  kind TEXT NOT NULL,
  due_time INTEGER NOT NULL,
  payload TEXT NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX work_by_due_time ON work (due_time, seq);
CREATE INDEX work_by_execution ON work (execution_arn);

CREATE TABLE task_tokens (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  token TEXT NOT NULL UNIQUE,
  execution_arn TEXT NOT NULL,
  task_id TEXT NOT NULL,
  activity_arn TEXT,
  input TEXT,
  created_date INTEGER NOT NULL,
  worker_name TEXT,
  claimed_date INTEGER,
  last_heartbeat INTEGER
);
CREATE INDEX task_tokens_by_activity ON task_tokens (activity_arn, claimed_date, seq);
CREATE INDEX task_tokens_by_execution ON task_tokens (execution_arn);

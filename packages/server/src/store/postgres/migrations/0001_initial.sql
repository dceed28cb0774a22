-- 0001: the PostgreSQL schema, equal in content to SQLite's after its migration 0003. Migrations are
-- immutable once committed: change the schema with a new file. Dates are epoch milliseconds (bigint);
-- JSON documents are stored as text, exactly as the SQLite store keeps them. `seq` columns give a stable
-- order for keyset pagination (the opaque nextToken is a seq).

CREATE TABLE state_machines (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  arn text NOT NULL UNIQUE,
  name text NOT NULL,
  type text NOT NULL,
  definition text NOT NULL,
  role_arn text NOT NULL,
  logging_configuration text,
  tracing_configuration text,
  description text,
  revision_id text NOT NULL,
  creation_date bigint NOT NULL,
  update_date bigint,
  -- Version numbers are never reused, even after a version is deleted.
  next_version integer NOT NULL DEFAULT 1
);

CREATE TABLE versions (
  arn text PRIMARY KEY,
  state_machine_arn text NOT NULL,
  version integer NOT NULL,
  description text,
  revision_id text NOT NULL,
  type text NOT NULL,
  definition text NOT NULL,
  role_arn text NOT NULL,
  logging_configuration text,
  tracing_configuration text,
  creation_date bigint NOT NULL,
  UNIQUE (state_machine_arn, version)
);

CREATE TABLE aliases (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  arn text NOT NULL UNIQUE,
  state_machine_arn text NOT NULL,
  name text NOT NULL,
  description text,
  routing_configuration text NOT NULL,
  creation_date bigint NOT NULL,
  update_date bigint
);
CREATE INDEX aliases_by_machine ON aliases (state_machine_arn, seq);

CREATE TABLE tags (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_arn text NOT NULL,
  key text NOT NULL,
  value text NOT NULL,
  UNIQUE (resource_arn, key)
);

CREATE TABLE activities (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  arn text NOT NULL UNIQUE,
  name text NOT NULL,
  creation_date bigint NOT NULL,
  encryption_configuration text
);

-- Definitions are stored once and referenced by executions. A definition can be larger than a b-tree
-- entry may be, so uniqueness is on its SHA-256 (computed by Stepwise from the UTF-8 text).
CREATE TABLE definitions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  definition text NOT NULL,
  hash bytea NOT NULL UNIQUE
);

CREATE TABLE executions (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  arn text NOT NULL UNIQUE,
  name text NOT NULL,
  state_machine_arn text NOT NULL,
  state_machine_version_arn text,
  state_machine_alias_arn text,
  definition_id bigint NOT NULL REFERENCES definitions (id),
  revision_id text NOT NULL,
  role_arn text NOT NULL,
  logging_configuration text,
  tracing_configuration text,
  status text NOT NULL,
  input text NOT NULL,
  output text,
  error text,
  cause text,
  start_date bigint NOT NULL,
  stop_date bigint,
  redrive_count integer NOT NULL DEFAULT 0,
  redrive_date bigint,
  trace_header text,
  map_run_arn text,
  parent_execution_arn text,
  parent_task_id text,
  parent_resource text,
  -- The engine's ExecutionState: the truth; the columns above are copies for lists and filters.
  state text NOT NULL,
  version integer NOT NULL
);
CREATE INDEX executions_by_machine ON executions (state_machine_arn, seq);
CREATE INDEX executions_by_map_run ON executions (map_run_arn, seq);
CREATE INDEX executions_by_parent ON executions (parent_execution_arn, parent_task_id);
CREATE INDEX executions_by_status ON executions (status, seq);

-- History stays out of the claim tables: it only grows, and is read by execution.
CREATE TABLE history_events (
  execution_seq bigint NOT NULL,
  id integer NOT NULL,
  event text NOT NULL,
  -- An execution's events, and the guard that one is never written twice.
  PRIMARY KEY (execution_seq, id)
);

-- Timers and task invocations (the outbox), claimed with leases: a timer is a row due at its time.
-- Rows leave when done or when their execution ends, so the table holds only live work.
CREATE TABLE work (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  execution_arn text NOT NULL,
  kind text NOT NULL,
  due_time bigint NOT NULL,
  payload text NOT NULL,
  lease_owner text,
  lease_until bigint,
  attempts integer NOT NULL DEFAULT 0
);
CREATE INDEX work_by_due_time ON work (due_time, seq);
CREATE INDEX work_by_execution ON work (execution_arn);
CREATE INDEX work_by_lease ON work (lease_until) WHERE lease_until IS NOT NULL;

CREATE TABLE task_tokens (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token text NOT NULL UNIQUE,
  execution_arn text NOT NULL,
  task_id text NOT NULL,
  activity_arn text,
  input text,
  created_date bigint NOT NULL,
  worker_name text,
  claimed_date bigint,
  last_heartbeat bigint,
  closed_reason text
);
CREATE INDEX task_tokens_by_activity ON task_tokens (activity_arn, seq)
  WHERE claimed_date IS NULL AND closed_reason IS NULL;
CREATE INDEX task_tokens_by_execution ON task_tokens (execution_arn, task_id);

-- 0007: Distributed Map runs (SQLite's 0013). A run and one row per child item, so that a child's end updates
-- two small rows instead of the parent's whole state; the counters are kept in the run's row.

CREATE TABLE map_runs (
  seq bigserial PRIMARY KEY,
  arn text NOT NULL UNIQUE,
  execution_arn text NOT NULL,
  state_machine_arn text NOT NULL,
  status text NOT NULL,
  definition text NOT NULL,
  execution_type text NOT NULL,
  role_arn text NOT NULL,
  max_concurrency integer NOT NULL,
  tolerated_failure_count integer,
  tolerated_failure_percentage double precision,
  start_date bigint NOT NULL,
  stop_date bigint,
  redrive_count integer NOT NULL DEFAULT 0,
  redrive_date bigint,
  pending integer NOT NULL,
  running integer NOT NULL DEFAULT 0,
  succeeded integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  timed_out integer NOT NULL DEFAULT 0,
  aborted integer NOT NULL DEFAULT 0,
  total integer NOT NULL
);
CREATE INDEX map_runs_by_execution ON map_runs (execution_arn, seq);

CREATE TABLE map_run_items (
  map_run_arn text NOT NULL,
  idx integer NOT NULL,
  input text NOT NULL,
  status text NOT NULL,
  execution_arn text,
  started boolean NOT NULL DEFAULT false,
  output text,
  error text,
  cause text,
  PRIMARY KEY (map_run_arn, idx)
);
CREATE INDEX map_run_items_by_status ON map_run_items (map_run_arn, status, idx);
CREATE INDEX map_run_items_by_execution ON map_run_items (map_run_arn, execution_arn);

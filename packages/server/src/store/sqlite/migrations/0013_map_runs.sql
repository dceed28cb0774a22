-- 0013: Distributed Map runs. A run and one row per child item, so that a child's end updates two small
-- rows instead of the parent's whole state; the counters are kept in the run's row as items change status.

CREATE TABLE map_runs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  arn TEXT NOT NULL UNIQUE,
  execution_arn TEXT NOT NULL,
  state_machine_arn TEXT NOT NULL,
  status TEXT NOT NULL,
  definition TEXT NOT NULL,
  execution_type TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  max_concurrency INTEGER NOT NULL,
  tolerated_failure_count INTEGER,
  tolerated_failure_percentage REAL,
  start_date INTEGER NOT NULL,
  stop_date INTEGER,
  redrive_count INTEGER NOT NULL DEFAULT 0,
  redrive_date INTEGER,
  pending INTEGER NOT NULL,
  running INTEGER NOT NULL DEFAULT 0,
  succeeded INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  timed_out INTEGER NOT NULL DEFAULT 0,
  aborted INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL
);
CREATE INDEX map_runs_by_execution ON map_runs (execution_arn, seq);

CREATE TABLE map_run_items (
  map_run_arn TEXT NOT NULL,
  idx INTEGER NOT NULL,
  input TEXT NOT NULL,
  status TEXT NOT NULL,
  -- Set when the item is taken to run; `started` once its execution is known to exist.
  execution_arn TEXT,
  started INTEGER NOT NULL DEFAULT 0,
  output TEXT,
  error TEXT,
  cause TEXT,
  PRIMARY KEY (map_run_arn, idx)
) WITHOUT ROWID;
CREATE INDEX map_run_items_by_status ON map_run_items (map_run_arn, status, idx);
CREATE INDEX map_run_items_by_execution ON map_run_items (map_run_arn, execution_arn);

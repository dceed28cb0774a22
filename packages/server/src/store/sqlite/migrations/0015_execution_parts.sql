-- 0015: an execution's state in parts (store/state-parts.ts). The executions row's `state` holds a small head,
-- and each thread, large payload and Map result slot is a row here, so that a step writes only what it
-- changed. States written before this migration stay whole in `state` and are read as they are.

CREATE TABLE execution_parts (
  execution_seq INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (execution_seq, key)
);

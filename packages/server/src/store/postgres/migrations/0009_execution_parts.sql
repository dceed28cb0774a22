-- 0009: an execution's state in parts (store/state-parts.ts). The executions row's `state` holds a small head,
-- and each thread, large payload and Map result slot is a row here, so that a step writes only what it
-- changed. States written before this migration stay whole in `state` and are read as they are.
-- Keys compare bytewise (COLLATE "C"): a thread's rows are deleted as one key range.

CREATE TABLE execution_parts (
  execution_seq bigint NOT NULL,
  key text COLLATE "C" NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (execution_seq, key)
);

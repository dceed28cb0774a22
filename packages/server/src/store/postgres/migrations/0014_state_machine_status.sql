-- 0014: a state machine's status (SQLite's 0016). DeleteStateMachine marks a machine with running executions
-- DELETING; it stays listed and described until its last execution ends, then its row goes. The partial
-- index finds the few machines being deleted without reading the others.

ALTER TABLE state_machines ADD COLUMN status text NOT NULL DEFAULT 'ACTIVE';
CREATE INDEX state_machines_deleting ON state_machines (status) WHERE status = 'DELETING';

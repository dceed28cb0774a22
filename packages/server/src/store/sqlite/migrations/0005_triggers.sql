-- 0005: triggers. Event buses, rules and their targets (EventBridge); the delivery outbox, written in the
-- transaction that accepts an event and emptied once the execution it starts is committed; the delivery log;
-- the fire keys that make a schedule fire once per due time across restarts; and Scheduler schedules.

CREATE TABLE event_buses (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  arn TEXT NOT NULL,
  description TEXT,
  creation_time INTEGER NOT NULL
);

CREATE TABLE event_rules (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_bus_name TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL,
  event_pattern TEXT,
  schedule_expression TEXT,
  state TEXT NOT NULL,
  description TEXT,
  role_arn TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (event_bus_name, name)
);

CREATE TABLE event_targets (
  event_bus_name TEXT NOT NULL,
  rule_name TEXT NOT NULL,
  id TEXT NOT NULL,
  target TEXT NOT NULL,
  PRIMARY KEY (event_bus_name, rule_name, id)
);

CREATE TABLE deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  delivery TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX deliveries_by_due ON deliveries (due_at);

CREATE TABLE delivery_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  entry TEXT NOT NULL
);
CREATE INDEX delivery_log_by_source ON delivery_log (source, seq);

CREATE TABLE trigger_fires (
  key TEXT PRIMARY KEY,
  fired_at INTEGER NOT NULL
);

-- EventBridge Scheduler: each schedule as AWS describes it (JSON), found by group and name; its next due time
-- is kept apart so that the scheduler finds what is due with one indexed read.
CREATE TABLE schedules (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  group_name TEXT NOT NULL,
  name TEXT NOT NULL,
  schedule TEXT NOT NULL,
  next_fire INTEGER,
  UNIQUE (group_name, name)
);
CREATE INDEX schedules_by_next_fire ON schedules (next_fire);

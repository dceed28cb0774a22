-- 0012: triggers (SQLite's 0005 and 0009), so that every node on the database sees the same buses, rules and
-- targets, one delivery outbox claimed with leases, one delivery log, the fire keys that make a schedule fire
-- once per due time across nodes, Scheduler schedules, pipes and the console's HTTP start routes. Records the
-- services read whole are kept as JSON text, as in SQLite.

CREATE TABLE event_buses (
  seq bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  arn text NOT NULL,
  description text,
  creation_time bigint NOT NULL
);

CREATE TABLE event_rules (
  seq bigserial PRIMARY KEY,
  event_bus_name text NOT NULL,
  name text NOT NULL,
  arn text NOT NULL,
  event_pattern text,
  schedule_expression text,
  state text NOT NULL,
  description text,
  role_arn text,
  created_at bigint NOT NULL,
  UNIQUE (event_bus_name, name)
);

CREATE TABLE event_targets (
  event_bus_name text NOT NULL,
  rule_name text NOT NULL,
  id text NOT NULL,
  target text NOT NULL,
  PRIMARY KEY (event_bus_name, rule_name, id)
);

CREATE TABLE deliveries (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  delivery text NOT NULL,
  due_at bigint NOT NULL,
  lease_owner text,
  lease_until bigint NOT NULL DEFAULT 0
);
CREATE INDEX deliveries_by_due ON deliveries (due_at);

CREATE TABLE delivery_log (
  seq bigserial PRIMARY KEY,
  source text NOT NULL,
  entry text NOT NULL
);
CREATE INDEX delivery_log_by_source ON delivery_log (source, seq);

CREATE TABLE trigger_fires (
  key text PRIMARY KEY,
  fired_at bigint NOT NULL
);

CREATE TABLE schedules (
  seq bigserial PRIMARY KEY,
  group_name text NOT NULL,
  name text NOT NULL,
  schedule text NOT NULL,
  state text NOT NULL,
  next_fire bigint,
  UNIQUE (group_name, name)
);
CREATE INDEX schedules_by_next_fire ON schedules (next_fire);

CREATE TABLE pipes (
  seq bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  pipe text NOT NULL
);

CREATE TABLE http_routes (
  seq bigserial PRIMARY KEY,
  key text NOT NULL UNIQUE,
  route text NOT NULL
);

-- 0013: CloudWatch Logs (SQLite's 0006 and 0007) and the audit trail in the shared database, so that every
-- node serves the same log groups and the same trail. Events are read per group in time order; the audit
-- trail is read per account in the order it was written.

CREATE TABLE log_groups (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE,
  creation_time bigint NOT NULL,
  retention_days integer
);

CREATE TABLE log_streams (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_seq bigint NOT NULL REFERENCES log_groups (seq) ON DELETE CASCADE,
  name text NOT NULL,
  creation_time bigint NOT NULL,
  first_event_time bigint,
  last_event_time bigint,
  last_ingestion_time bigint,
  stored_bytes bigint NOT NULL DEFAULT 0,
  UNIQUE (group_seq, name)
);

CREATE TABLE log_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_seq bigint NOT NULL REFERENCES log_groups (seq) ON DELETE CASCADE,
  stream_seq bigint NOT NULL REFERENCES log_streams (seq) ON DELETE CASCADE,
  timestamp bigint NOT NULL,
  ingestion_time bigint NOT NULL,
  message text NOT NULL
);
CREATE INDEX log_events_by_group ON log_events (group_seq, timestamp, seq);
-- ON DELETE CASCADE from a stream looks its events up by stream.
CREATE INDEX log_events_by_stream ON log_events (stream_seq);

CREATE TABLE audit_records (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account text NOT NULL,
  record text NOT NULL
);
CREATE INDEX audit_records_by_account ON audit_records (account, seq);

-- 0006: CloudWatch Logs kept by Stepwise itself: the log groups execution logs are written to (a state
-- machine's LoggingConfiguration names one), their streams and events. Events are appended in commit
-- order and read per group in time order, so they are indexed by stream and time; retention deletes by
-- time, oldest first.

CREATE TABLE log_groups (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  creation_time INTEGER NOT NULL,
  retention_days INTEGER
);

CREATE TABLE log_streams (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  group_seq INTEGER NOT NULL REFERENCES log_groups (seq) ON DELETE CASCADE,
  name TEXT NOT NULL,
  creation_time INTEGER NOT NULL,
  first_event_time INTEGER,
  last_event_time INTEGER,
  last_ingestion_time INTEGER,
  stored_bytes INTEGER NOT NULL DEFAULT 0,
  UNIQUE (group_seq, name)
);

CREATE TABLE log_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  group_seq INTEGER NOT NULL REFERENCES log_groups (seq) ON DELETE CASCADE,
  stream_seq INTEGER NOT NULL REFERENCES log_streams (seq) ON DELETE CASCADE,
  timestamp INTEGER NOT NULL,
  ingestion_time INTEGER NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX log_events_by_group ON log_events (group_seq, timestamp, seq);
CREATE INDEX log_events_by_stream ON log_events (stream_seq, timestamp, seq);

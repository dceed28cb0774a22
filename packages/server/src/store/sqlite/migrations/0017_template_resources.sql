-- 0017: which template (its path and logical id) made each state machine, activity, function mapping and
-- trigger, so that loading a smaller template deletes what it made and no longer declares, after a restart too.

CREATE TABLE template_resources (
  account TEXT NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  template TEXT NOT NULL,
  logical_id TEXT NOT NULL,
  PRIMARY KEY (account, kind, key, template)
) WITHOUT ROWID;

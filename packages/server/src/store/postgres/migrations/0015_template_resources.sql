-- 0015: which template (its path and logical id) made each state machine, activity, function mapping and
-- trigger, so that loading a smaller template deletes what it made and no longer declares, after a restart too.

CREATE TABLE template_resources (
  account text NOT NULL,
  kind text NOT NULL,
  key text NOT NULL,
  template text NOT NULL,
  logical_id text NOT NULL,
  PRIMARY KEY (account, kind, key, template)
);

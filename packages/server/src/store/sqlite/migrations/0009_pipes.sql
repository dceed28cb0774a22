-- 0009: EventBridge pipes, each as AWS describes it (JSON), found by name; listed in creation order.

CREATE TABLE pipes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  pipe TEXT NOT NULL
);

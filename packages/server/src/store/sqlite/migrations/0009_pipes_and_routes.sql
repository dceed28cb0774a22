-- 0009: EventBridge pipes, each as AWS describes it (JSON), found by name, listed in creation order; and the
-- HTTP start routes made through the console (those of `serve --routes FILE` live in the file), one per method
-- and path shape (`POST /orders/{}`): the key.

CREATE TABLE pipes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  pipe TEXT NOT NULL
);

CREATE TABLE http_routes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  route TEXT NOT NULL
);

-- 0019: a commit's history events go into one row (store/postgres/history-rows.ts): the row's id is its
-- first event's, its event column a JSON array of the events in id order. Rows written before stay as they
-- are, one event (a JSON object) each, and are read alike. The table's shape is unchanged, so the commit
-- functions (0011, 0016, 0021) write the new rows as given; this migration records the new format (a node
-- of an older Stepwise refuses the database rather than misread it) and keeps a step's row uncompressed and
-- in line up to a page: a row of a step's events often passes the default 2 kB at which PostgreSQL would
-- compress it, whose CPU the database would pay on each write, for rows read rarely.
ALTER TABLE history_events SET (toast_tuple_target = 8160);

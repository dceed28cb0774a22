-- 0019: a commit's history events go into one row (store/postgres/history-rows.ts): the row's id is its
-- first event's, its event column a JSON array of the events in id order. Rows written before stay as they
-- are, one event (a JSON object) each, and are read alike. The table's shape is unchanged, so the commit
-- functions (0011, 0016, 0021) write the new rows as given; this migration records the new format (a node
-- of an older Stepwise refuses the database rather than misread it) and keeps a step's row uncompressed and
-- in line up to a page: a row of a step's events often passes the default 2 kB at which PostgreSQL would
-- compress it, whose CPU the database would pay on each write, for rows read rarely.
ALTER TABLE history_events SET (toast_tuple_target = 8160);

-- Fewer writes per execution and per work item, each found with pg_stat_user_tables after the durable
-- benchmark. An execution's definition was checked through a foreign key: each start looked the row up and
-- locked it (a share lock, written to the definition's row and to the WAL; a multixact when starts of
-- several transactions share it). Definitions are never deleted (one-round-trip.ts caches their ids on
-- that ground), so the key guarded nothing.
ALTER TABLE executions DROP CONSTRAINT executions_definition_id_fkey;
-- Work had an index on seq that only the claim used, to find again the rows it had picked; it finds them by
-- id now (work.ts). A claim sets the lease, an indexed column, so each claim wrote an entry into every
-- index of the table: one index fewer is one entry fewer per item added and per claim.
ALTER TABLE work DROP CONSTRAINT work_pkey;
-- A step rewrites some of its execution's part rows; with room left on their page the new version stays
-- there and the key's index is not written (a HOT update); at the default fillfactor about half were not.
ALTER TABLE execution_parts SET (fillfactor = 70);

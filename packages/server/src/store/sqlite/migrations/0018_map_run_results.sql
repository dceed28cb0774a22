-- 0018: whether a map run's results stay with its children (its Map has a ResultWriter): the run's end
-- then hands the parent no outputs, and the ResultWriter streams the files from map_run_items.

ALTER TABLE map_runs ADD COLUMN results_stay INTEGER NOT NULL DEFAULT 0;

-- 0021: several executions' starts in one call and one transaction (store/postgres/group-create.ts), as
-- 0016 does for steps: starts that arrive together (a burst of StartExecution calls) pay one round trip,
-- one statement start per table and one commit, not one of each per start. Each start is decided as
-- stepwise_create_execution (0011) decides it: an existing ARN leaves that start uncreated (false) and
-- the others created. Starts come as rows of a two-dimensional text array, one row per start holding the
-- 25 columns of store/execution-columns.ts in order; events, work and part rows as arrays with the index
-- (1-based) of their start beside them. The caller sorts the starts by ARN, so that two groups take the
-- unique index's locks in the same order. Also: two of the executions table's indexes leave out NULLs (below).

CREATE FUNCTION stepwise_create_executions(
  p_rows text[],
  p_event_steps integer[],
  p_event_ids integer[],
  p_events text[],
  p_work_steps integer[],
  p_work_ids text[],
  p_work_arns text[],
  p_work_kinds text[],
  p_work_due bigint[],
  p_work_payloads text[],
  p_put_steps integer[],
  p_put_keys text[],
  p_put_values text[]
) RETURNS boolean[] LANGUAGE plpgsql AS $$
DECLARE
  -- The new execution's seq of each start, NULL where its ARN existed: the writes below look it up.
  v_seqs bigint[];
  v_ended text[];
BEGIN
  WITH inserted AS (
    INSERT INTO executions (arn, name, state_machine_arn, state_machine_version_arn, state_machine_alias_arn,
      definition_id, revision_id, role_arn, logging_configuration, tracing_configuration, status, input, output,
      error, cause, start_date, stop_date, redrive_count, redrive_date, trace_header, map_run_arn,
      parent_execution_arn, parent_task_id, parent_resource, state, version)
    SELECT p_rows[i][1], p_rows[i][2], p_rows[i][3], p_rows[i][4], p_rows[i][5], p_rows[i][6]::bigint,
      p_rows[i][7], p_rows[i][8], p_rows[i][9], p_rows[i][10], p_rows[i][11], p_rows[i][12], p_rows[i][13],
      p_rows[i][14], p_rows[i][15], p_rows[i][16]::bigint, p_rows[i][17]::bigint, p_rows[i][18]::integer,
      p_rows[i][19]::bigint, p_rows[i][20], p_rows[i][21], p_rows[i][22], p_rows[i][23], p_rows[i][24],
      p_rows[i][25], 0
    FROM generate_subscripts(p_rows, 1) AS i
    ORDER BY i
    ON CONFLICT (arn) DO NOTHING
    RETURNING seq, arn
  )
  SELECT array_agg(inserted.seq ORDER BY s.i) INTO v_seqs
  FROM generate_subscripts(p_rows, 1) AS s (i) LEFT JOIN inserted ON inserted.arn = p_rows[s.i][1];

  INSERT INTO execution_parts (execution_seq, key, value)
    SELECT v_seqs[u.step], u.key, u.value FROM unnest(p_put_steps, p_put_keys, p_put_values) AS u (step, key, value)
    WHERE v_seqs[u.step] IS NOT NULL;
  INSERT INTO history_events (execution_seq, id, event)
    SELECT v_seqs[u.step], u.id, u.event FROM unnest(p_event_steps, p_event_ids, p_events) AS u (step, id, event)
    WHERE v_seqs[u.step] IS NOT NULL;
  INSERT INTO work (id, execution_arn, kind, due_time, payload)
    SELECT u.id, u.arn, u.kind, u.due, u.payload
    FROM unnest(p_work_steps, p_work_ids, p_work_arns, p_work_kinds, p_work_due, p_work_payloads)
      AS u (step, id, arn, kind, due, payload)
    WHERE v_seqs[u.step] IS NOT NULL
  ON CONFLICT (id) DO NOTHING;

  -- Executions that ended in their first step: their work goes (a job's stop call outlives the end), their
  -- open tokens close.
  v_ended := ARRAY(SELECT p_rows[s.i][1] FROM generate_subscripts(p_rows, 1) AS s (i)
                   WHERE v_seqs[s.i] IS NOT NULL AND p_rows[s.i][11] <> 'RUNNING');
  IF cardinality(v_ended) > 0 THEN
    DELETE FROM work WHERE execution_arn = ANY (v_ended) AND kind <> 'job';
    UPDATE task_tokens SET closed_reason = 'timed-out' WHERE execution_arn = ANY (v_ended) AND closed_reason IS NULL;
  END IF;
  RETURN ARRAY(SELECT v_seqs[s.i] IS NOT NULL FROM generate_subscripts(p_rows, 1) AS s (i) ORDER BY s.i);
END
$$;

-- Most executions belong to no map run and no parent Task, yet each of their rows had an entry in the two
-- indexes that find those (a NULL is indexed too), written at the start and again at the end (whose
-- update changes indexed columns). The lookups all ask for one value (`map_run_arn = $1`,
-- `parent_execution_arn = $1`), which a partial index without the NULLs serves as well.
DROP INDEX executions_by_map_run;
CREATE INDEX executions_by_map_run ON executions (map_run_arn, seq) WHERE map_run_arn IS NOT NULL;
DROP INDEX executions_by_parent;
CREATE INDEX executions_by_parent ON executions (parent_execution_arn, parent_task_id)
  WHERE parent_execution_arn IS NOT NULL;

-- 0011: a step's commit, and an execution's start, in one round trip each. The checks and writes of
-- store/postgres/executions.ts's commit() as one server-side function, called as a single statement (its
-- own transaction): a step that took eight round trips (BEGIN, lock, consume, update, events, work, COMMIT)
-- takes one. The same order of locks (the execution's row, then the consumed item's) and the same
-- refusals: 'consumed' (the item is gone), 'fenced' (another node claimed it since the claim given),
-- 'conflict' (another step committed first); a refusal found after the update raises (SQLSTATE SWCON,
-- SWFEN), which undoes the statement. Steps with tokens or child stops take the general path. The state
-- is written as executions.ts writes it: its head in `state` and its part rows (0009, store/state-parts.ts):
-- every row deleted first when written whole, then the rows removed (by key, by key range), then those put.
--
-- Executions leave half of each page free: a step's update then stays on its page and, since it changes
-- no indexed column until the execution ends, adds no index entries (a HOT update), where each update
-- wrote an entry into every one of the table's six indexes.

ALTER TABLE executions SET (fillfactor = 50);

CREATE FUNCTION stepwise_commit_step(
  p_arn text,
  p_expected_version integer,
  p_consumes text,
  p_claim_owner text,
  p_claim_attempts integer,
  p_status text,
  p_output text,
  p_error text,
  p_cause text,
  p_stop_date bigint,
  p_redrive_count integer,
  p_redrive_date bigint,
  p_state text,
  p_event_ids integer[],
  p_events text[],
  p_remove_work text[],
  p_work_ids text[],
  p_work_arns text[],
  p_work_kinds text[],
  p_work_due bigint[],
  p_work_payloads text[],
  p_parts_whole boolean,
  p_parts_remove text[],
  p_parts_from text[],
  p_parts_to text[],
  p_parts_keys text[],
  p_parts_values text[]
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_seq bigint;
  v_owner text;
  v_attempts integer;
BEGIN
  -- The update takes the execution's row lock first, as the general path does; a refusal found after it
  -- raises, which undoes it (the caller reads the refusal from the error).
  UPDATE executions SET status = p_status, output = p_output, error = p_error, cause = p_cause,
    stop_date = p_stop_date, redrive_count = p_redrive_count, redrive_date = coalesce(p_redrive_date, redrive_date),
    state = p_state, version = version + 1
  WHERE arn = p_arn AND version = p_expected_version
  RETURNING seq INTO v_seq;
  IF v_seq IS NULL THEN
    IF p_consumes IS NOT NULL AND NOT EXISTS (SELECT 1 FROM work WHERE id = p_consumes) THEN
      RETURN 'consumed';
    END IF;
    RETURN 'conflict';
  END IF;
  IF p_consumes IS NOT NULL THEN
    DELETE FROM work WHERE id = p_consumes RETURNING lease_owner, attempts INTO v_owner, v_attempts;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'consumed' USING ERRCODE = 'SWCON';
    END IF;
    IF p_claim_owner IS NOT NULL AND (v_owner IS DISTINCT FROM p_claim_owner OR v_attempts <> p_claim_attempts) THEN
      RAISE EXCEPTION 'fenced' USING ERRCODE = 'SWFEN';
    END IF;
  END IF;
  IF p_parts_whole THEN
    DELETE FROM execution_parts WHERE execution_seq = v_seq;
  END IF;
  IF cardinality(p_parts_remove) > 0 THEN
    DELETE FROM execution_parts WHERE execution_seq = v_seq AND key = ANY (p_parts_remove);
  END IF;
  IF cardinality(p_parts_from) > 0 THEN
    DELETE FROM execution_parts p USING unnest(p_parts_from, p_parts_to) AS r (lo, hi)
      WHERE p.execution_seq = v_seq AND p.key >= r.lo AND p.key < r.hi;
  END IF;
  IF cardinality(p_parts_keys) > 0 THEN
    INSERT INTO execution_parts (execution_seq, key, value)
      SELECT v_seq, u.key, u.value FROM unnest(p_parts_keys, p_parts_values) AS u (key, value)
    ON CONFLICT (execution_seq, key) DO UPDATE SET value = excluded.value;
  END IF;
  INSERT INTO history_events (execution_seq, id, event)
    SELECT v_seq, u.id, u.event FROM unnest(p_event_ids, p_events) AS u (id, event);
  IF cardinality(p_remove_work) > 0 THEN
    DELETE FROM work WHERE id = ANY (p_remove_work);
  END IF;
  IF cardinality(p_work_ids) > 0 THEN
    INSERT INTO work (id, execution_arn, kind, due_time, payload)
      SELECT * FROM unnest(p_work_ids, p_work_arns, p_work_kinds, p_work_due, p_work_payloads)
    ON CONFLICT (id) DO NOTHING;
  END IF;
  IF p_status <> 'RUNNING' THEN
    DELETE FROM work WHERE execution_arn = p_arn AND kind <> 'job';  -- a job's stop call outlives the end
    UPDATE task_tokens SET closed_reason = 'timed-out' WHERE execution_arn = p_arn AND closed_reason IS NULL;
  END IF;
  RETURN 'committed';
END
$$;

-- An execution's start in one round trip: its row (definition already stored, by id), first events and
-- work and its state's part rows. False when an execution of this ARN exists (the caller reads it). Starts with tokens, or of a
-- definition not stored yet, take the general path.
CREATE FUNCTION stepwise_create_execution(
  p_arn text,
  p_name text,
  p_state_machine_arn text,
  p_state_machine_version_arn text,
  p_state_machine_alias_arn text,
  p_definition_id bigint,
  p_revision_id text,
  p_role_arn text,
  p_logging_configuration text,
  p_tracing_configuration text,
  p_status text,
  p_input text,
  p_output text,
  p_error text,
  p_cause text,
  p_start_date bigint,
  p_stop_date bigint,
  p_redrive_count integer,
  p_redrive_date bigint,
  p_trace_header text,
  p_map_run_arn text,
  p_parent_execution_arn text,
  p_parent_task_id text,
  p_parent_resource text,
  p_state text,
  p_event_ids integer[],
  p_events text[],
  p_work_ids text[],
  p_work_arns text[],
  p_work_kinds text[],
  p_work_due bigint[],
  p_work_payloads text[],
  p_parts_keys text[],
  p_parts_values text[]
) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  v_seq bigint;
BEGIN
  INSERT INTO executions (arn, name, state_machine_arn, state_machine_version_arn, state_machine_alias_arn,
    definition_id, revision_id, role_arn, logging_configuration, tracing_configuration, status, input, output,
    error, cause, start_date, stop_date, redrive_count, redrive_date, trace_header, map_run_arn,
    parent_execution_arn, parent_task_id, parent_resource, state, version)
  VALUES (p_arn, p_name, p_state_machine_arn, p_state_machine_version_arn, p_state_machine_alias_arn,
    p_definition_id, p_revision_id, p_role_arn, p_logging_configuration, p_tracing_configuration, p_status, p_input,
    p_output, p_error, p_cause, p_start_date, p_stop_date, p_redrive_count, p_redrive_date, p_trace_header,
    p_map_run_arn, p_parent_execution_arn, p_parent_task_id, p_parent_resource, p_state, 0)
  ON CONFLICT (arn) DO NOTHING RETURNING seq INTO v_seq;
  IF v_seq IS NULL THEN
    RETURN false;
  END IF;
  IF cardinality(p_parts_keys) > 0 THEN
    INSERT INTO execution_parts (execution_seq, key, value)
      SELECT v_seq, u.key, u.value FROM unnest(p_parts_keys, p_parts_values) AS u (key, value);
  END IF;
  INSERT INTO history_events (execution_seq, id, event)
    SELECT v_seq, u.id, u.event FROM unnest(p_event_ids, p_events) AS u (id, event);
  IF cardinality(p_work_ids) > 0 THEN
    INSERT INTO work (id, execution_arn, kind, due_time, payload)
      SELECT * FROM unnest(p_work_ids, p_work_arns, p_work_kinds, p_work_due, p_work_payloads)
    ON CONFLICT (id) DO NOTHING;
  END IF;
  IF p_status <> 'RUNNING' THEN
    DELETE FROM work WHERE execution_arn = p_arn AND kind <> 'job';  -- a job's stop call outlives the end
    UPDATE task_tokens SET closed_reason = 'timed-out' WHERE execution_arn = p_arn AND closed_reason IS NULL;
  END IF;
  RETURN true;
END
$$;

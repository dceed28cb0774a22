// The SQLite store's executions: rows, history events, and the one-transaction step commit.

import type { ExecutionState, HistoryEvent } from '@stepwise/core';
import type { HistoryRequest } from '../store.ts';
import type {
  CommitResult,
  ExecutionFilter,
  ExecutionRead,
  ExecutionRecord,
  Page,
  PageRequest,
  StepCommit,
  WorkItem,
} from '../records.ts';
import { childStopWork } from '../child-stops.ts';
import { afterSeq, int, nullable, optionalJson, optionalText, text, toPage } from './db.ts';
import type { Db, Row } from './db.ts';
import {
  claimable,
  claimToken,
  closeTokens,
  consumeRefusal,
  deleteExecutionWork,
  endExecutionWork,
  insertTokens,
  insertWork,
  removeTokens,
  removeWork,
} from './work.ts';
import { wholeState } from '../state-changes.ts';
import { executionColumnNames, executionColumns } from '../execution-columns.ts';
import { deleteParts, readState, selectParts, writeParts } from './execution-parts.ts';

export function insertExecution(
  db: Db,
  e: ExecutionRecord,
  first: Pick<StepCommit, 'events' | 'addWork' | 'addTokens'>,
): { created: true } | { created: false; existing: ExecutionRecord } {
  const existing = selectExecution(db, e.arn);
  if (existing !== undefined) return { created: false, existing };
  const { parts } = wholeState(e.state);
  const placeholders = executionColumnNames.map(() => '?').join(', ');
  const inserted = db
    .sql(`INSERT INTO executions (${executionColumnNames.join(', ')}, version) VALUES (${placeholders}, 0)`)
    .run(...executionColumns(e, definitionId(db, e.definition), parts.head));
  writeParts(db, Number(inserted.lastInsertRowid), parts);
  insertEvents(db, Number(inserted.lastInsertRowid), first.events);
  insertWork(db, first.addWork ?? []);
  insertTokens(db, first.addTokens ?? []);
  if (e.state.status !== 'RUNNING') endExecutionWork(db, e.arn);
  return { created: true };
}

/** Executions with their definition text, stored once in `definitions`. */
const executionRows = 'SELECT e.*, d.definition FROM executions e JOIN definitions d ON d.id = e.definition_id';

export function selectExecution(db: Db, arn: string, read?: ExecutionRead): ExecutionRecord | undefined {
  const row = db.get(`${executionRows} WHERE e.arn = ?`, arn);
  return row === undefined ? undefined : executionOf(row, stateOfRow(db, row, read));
}

/** The row's execution state, assembled from its parts when it has them. */
function stateOfRow(db: Db, row: Row, read?: ExecutionRead): ExecutionState {
  return readState(db, int(row, 'seq'), text(row, 'state'), read);
}

/** The id of a definition text, stored on first use: executions share it rather than each keep a copy. */
function definitionId(db: Db, definition: string): number {
  const row = db.get('SELECT id FROM definitions WHERE definition = ?', definition);
  if (row !== undefined) return int(row, 'id');
  return Number(db.sql('INSERT INTO definitions (definition) VALUES (?)').run(definition).lastInsertRowid);
}

export function selectExecutions(db: Db, filter: ExecutionFilter, page: PageRequest): Page<ExecutionRecord> {
  const where = ['e.seq < ?'];
  const params: unknown[] = [afterSeq(page.after, true)];
  const equal = (column: string, value: string | undefined): void => {
    if (value === undefined) return;
    where.push(`e.${column} = ?`);
    params.push(value);
  };
  equal('state_machine_arn', filter.stateMachineArn);
  equal('state_machine_version_arn', filter.stateMachineVersionArn);
  equal('state_machine_alias_arn', filter.stateMachineAliasArn);
  equal('map_run_arn', filter.mapRunArn);
  equal('status', filter.status);
  if (filter.redriven !== undefined) where.push(filter.redriven ? 'e.redrive_count > 0' : 'e.redrive_count = 0');
  equal('parent_execution_arn', filter.parent?.executionArn);
  equal('parent_task_id', filter.parent?.taskId);
  const rows = db.all(
    `${executionRows} WHERE ${where.join(' AND ')} ORDER BY e.seq DESC LIMIT ?`,
    ...params,
    page.limit + 1,
  );
  return toPage(rows, page.limit, (row) => executionOf(row, stateOfRow(db, row)));
}

export function commit(db: Db, c: StepCommit): CommitResult {
  const refused = c.consumes === undefined ? undefined : consumeRefusal(db, c.consumes, c.claim);
  if (refused !== undefined) return refused;
  // Checked before anything is written; the transaction holds the write lock, so the claim below holds.
  if (c.claimsToken !== undefined && !claimable(db, c.claimsToken.token)) return 'consumed';
  const s = c.state;
  const parts = c.parts ?? wholeState(s).parts;
  const updated = db.get(
    `UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_date = ?, redrive_count = ?,
       redrive_date = coalesce(?, redrive_date), state = ?, version = version + 1
     WHERE arn = ? AND version = ? RETURNING seq`,
    s.status,
    nullable(s.output),
    nullable(s.error),
    nullable(s.cause),
    nullable(s.stopTime),
    s.execution.redriveCount ?? 0,
    nullable(c.redriveDate),
    parts.head,
    c.executionArn,
    c.expectedVersion,
  );
  if (updated === undefined) return 'conflict';
  if (c.claimsToken !== undefined) claimToken(db, c.claimsToken);
  writeParts(db, int(updated, 'seq'), parts);
  insertEvents(db, int(updated, 'seq'), c.events);
  if (c.consumes !== undefined) removeWork(db, [c.consumes]);
  removeWork(db, c.removeWork ?? []);
  insertWork(db, [...(c.addWork ?? []), ...childStops(db, c)]);
  removeTokens(db, c.removeTokens ?? []);
  insertTokens(db, c.addTokens ?? []);
  closeTokens(db, c.executionArn, c.closeTokens ?? []);
  if (s.status !== 'RUNNING') endExecutionWork(db, c.executionArn);
  return 'committed';
}

/** StopExecution work for the running children of the step's cancelled `.sync` tasks, listed in its transaction. */
function childStops(db: Db, c: StepCommit): WorkItem[] {
  const stop = c.stopChildren;
  if (stop === undefined || stop.taskIds.length === 0) return [];
  const rows = db.all(
    `SELECT arn FROM executions WHERE parent_execution_arn = ? AND status = 'RUNNING'
       AND parent_task_id IN (${stop.taskIds.map(() => '?').join(', ')})`,
    c.executionArn,
    ...stop.taskIds,
  );
  return rows.map((row) => childStopWork(text(row, 'arn'), stop.dueTime));
}

/** Part rows of the execution's state by key prefix (see Store.readStateParts); none when it does not exist. */
export function selectStateParts(db: Db, arn: string, prefix: string): [string, string][] {
  const row = db.get('SELECT seq FROM executions WHERE arn = ?', arn);
  return row === undefined ? [] : selectParts(db, int(row, 'seq'), prefix);
}

export function removeExecution(db: Db, arn: string): boolean {
  deleteExecutionWork(db, arn);
  const row = db.get('SELECT seq FROM executions WHERE arn = ?', arn);
  if (row === undefined) return false;
  db.run('DELETE FROM history_events WHERE execution_seq = ?', int(row, 'seq'));
  deleteParts(db, int(row, 'seq'));
  return db.run('DELETE FROM executions WHERE seq = ?', int(row, 'seq')) > 0;
}

/** Executions closed before `closedBefore`, oldest first, deleted (index executions_by_stop_date, 0012). */
export function expireExecutions(db: Db, closedBefore: number, limit: number): string[] {
  const rows = db.all(
    "SELECT arn FROM executions WHERE stop_date < ? AND status <> 'RUNNING' ORDER BY stop_date LIMIT ?",
    closedBefore,
    limit,
  );
  const arns = rows.map((row) => text(row, 'arn'));
  for (const arn of arns) {
    removeMapRuns(db, arn);
    removeExecution(db, arn);
  }
  return arns;
}

/** An execution's Map Runs with their items and work (its children are executions, expired by their own close). */
function removeMapRuns(db: Db, executionArn: string): void {
  const runs = 'SELECT arn FROM map_runs WHERE execution_arn = ?';
  db.run(`DELETE FROM map_run_items WHERE map_run_arn IN (${runs})`, executionArn);
  db.run(`DELETE FROM work WHERE execution_arn IN (${runs})`, executionArn);
  db.run('DELETE FROM map_runs WHERE execution_arn = ?', executionArn);
}

/**
 * Events are append-only: the unique index (execution, id) makes writing one twice an error, not a copy.
 * They go in by statements of up to 16 rows: one statement per event cost more than the inserting.
 */
function insertEvents(db: Db, executionSeq: number, events: HistoryEvent[]): void {
  for (let start = 0; start < events.length; start += eventsPerInsert) {
    const chunk = events.slice(start, start + eventsPerInsert);
    const params: unknown[] = [];
    for (const event of chunk) params.push(executionSeq, event.id, JSON.stringify(event));
    db.run(insertEventsSql(chunk.length), ...params);
  }
}

const eventsPerInsert = 16;

function insertEventsSql(rows: number): string {
  return `INSERT INTO history_events (execution_seq, id, event) VALUES ${Array(rows).fill('(?, ?, ?)').join(', ')}`;
}

const seqOfArn = 'SELECT seq FROM executions WHERE arn = ?';

export function selectHistory(db: Db, arn: string, request: HistoryRequest): Page<HistoryEvent> {
  const reverse = request.reverse === true;
  const rows = db.all(
    reverse
      ? `SELECT id, event FROM history_events WHERE execution_seq = (${seqOfArn}) AND id < ? ORDER BY id DESC LIMIT ?`
      : `SELECT id, event FROM history_events WHERE execution_seq = (${seqOfArn}) AND id > ? ORDER BY id LIMIT ?`,
    arn,
    afterSeq(request.after, reverse),
    request.limit + 1,
  );
  return toPage(rows, request.limit, (row) => JSON.parse(text(row, 'event')) as HistoryEvent, 'id');
}

/** An execution's record from its row and its state (read from the row's `state` column and its parts). */
export function executionOf(row: Row, state: ExecutionState): ExecutionRecord {
  const record: ExecutionRecord = {
    arn: text(row, 'arn'),
    name: text(row, 'name'),
    stateMachineArn: text(row, 'state_machine_arn'),
    definition: text(row, 'definition'),
    revisionId: text(row, 'revision_id'),
    roleArn: text(row, 'role_arn'),
    status: text(row, 'status') as ExecutionState['status'],
    input: text(row, 'input'),
    startDate: int(row, 'start_date'),
    redriveCount: int(row, 'redrive_count'),
    state,
    version: int(row, 'version'),
  };
  // Optional members stay absent rather than undefined. Set one by one: filtering a whole built record
  // showed in the profile of the durable benchmark, which reads the execution on every step.
  for (const [member, column] of optionalTextColumns) {
    const value = row[column];
    if (value !== null) record[member] = value as string;
  }
  for (const [member, column] of optionalIntColumns) {
    const value = row[column];
    if (value !== null) record[member] = value as number;
  }
  const logging = optionalJson(row, 'logging_configuration');
  if (logging !== undefined) record.loggingConfiguration = logging;
  const tracing = optionalJson(row, 'tracing_configuration');
  if (tracing !== undefined) record.tracingConfiguration = tracing;
  const parent = parentOf(row);
  if (parent !== undefined) record.parent = parent;
  return record;
}

const optionalTextColumns = [
  ['stateMachineVersionArn', 'state_machine_version_arn'],
  ['stateMachineAliasArn', 'state_machine_alias_arn'],
  ['output', 'output'],
  ['error', 'error'],
  ['cause', 'cause'],
  ['traceHeader', 'trace_header'],
  ['mapRunArn', 'map_run_arn'],
] as const;

const optionalIntColumns = [
  ['stopDate', 'stop_date'],
  ['redriveDate', 'redrive_date'],
] as const;

function parentOf(row: Row): ExecutionRecord['parent'] {
  const executionArn = optionalText(row, 'parent_execution_arn');
  if (executionArn === undefined) return undefined;
  return { executionArn, taskId: text(row, 'parent_task_id'), resource: text(row, 'parent_resource') };
}

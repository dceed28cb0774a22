// The PostgreSQL store's executions: rows, history events, and the one-transaction step commit. A commit
// locks its execution's row first, then the rows it consumes or claims, always in that order, so that two
// nodes committing steps of one execution queue behind each other instead of deadlocking.

import { createHash } from 'node:crypto';
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
import { afterSeq, int, text, toPage } from '../sqlite/db.ts';
import { executionOf } from '../sqlite/executions.ts';
import { wholeState } from '../state-changes.ts';
import { executionColumnNames, executionColumns } from '../execution-columns.ts';
import { deleteParts, partsColumn, stateOfRow, writeParts } from './execution-parts.ts';
import { Rollback, type Tx } from './pg-db.ts';
import { stepHead } from './step-head.ts';
import { insertEvents } from './history-rows.ts';
import {
  claimToken,
  closeTokens,
  consumeWork,
  deleteExecutionWork,
  endExecutionWork,
  insertTokens,
  insertWork,
  removeTokens,
  removeWork,
} from './work.ts';

type FirstStep = Pick<StepCommit, 'events' | 'addWork' | 'addTokens'>;

export async function insertExecution(
  tx: Tx,
  e: ExecutionRecord,
  first: FirstStep,
): Promise<{ created: true } | { created: false; existing: ExecutionRecord }> {
  const { parts } = wholeState(e.state);
  const placeholders = executionColumnNames.map((_, i) => `$${String(i + 1)}`).join(', ');
  const inserted = await tx.row(
    `INSERT INTO executions (${executionColumnNames.join(', ')}, version) VALUES (${placeholders}, 0)
     ON CONFLICT (arn) DO NOTHING RETURNING seq`,
    executionColumns(e, await definitionId(tx, e.definition), parts.head),
  );
  if (inserted === undefined) return existingExecution(tx, e.arn);
  await writeParts(tx, int(inserted, 'seq'), parts);
  await insertEvents(tx, int(inserted, 'seq'), first.events);
  await insertWork(tx, first.addWork ?? []);
  await insertTokens(tx, first.addTokens ?? []);
  if (e.state.status !== 'RUNNING') await endExecutionWork(tx, e.arn);
  return { created: true };
}

/** The execution another start (maybe on another node) created first; it is committed once we see it. */
export async function existingExecution(tx: Tx, arn: string): Promise<{ created: false; existing: ExecutionRecord }> {
  const existing = await selectExecution(tx, arn);
  if (existing === undefined) throw new Error(`execution ${arn} conflicted on insert but cannot be read`);
  return { created: false, existing };
}

export async function selectExecution(tx: Tx, arn: string, read?: ExecutionRead): Promise<ExecutionRecord | undefined> {
  const row = await tx.row(`${executionRowsWithParts(read)} WHERE e.arn = $1`, [arn]);
  return row === undefined ? undefined : executionOf(row, stateOfRow(row, read));
}

/** Executions with their definition text and their state's part rows (see partsColumn). */
function executionRowsWithParts(read?: ExecutionRead): string {
  return `SELECT e.*, d.definition, ${partsColumn(read)} FROM executions e JOIN definitions d ON d.id = e.definition_id`;
}

/**
 * The id of a definition text, stored on first use. The insert waits for a concurrent insert of the same
 * text and then does nothing; the select that follows (a new snapshot in READ COMMITTED) sees that row.
 */
async function definitionId(tx: Tx, definition: string): Promise<number> {
  const hash = createHash('sha256').update(definition).digest();
  const found = await tx.row('SELECT id FROM definitions WHERE hash = $1', [hash]);
  if (found !== undefined) return int(found, 'id');
  const inserted = await tx.row(
    'INSERT INTO definitions (definition, hash) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING RETURNING id',
    [definition, hash],
  );
  return int(inserted ?? (await tx.row('SELECT id FROM definitions WHERE hash = $1', [hash])) ?? {}, 'id');
}

export async function selectExecutions(
  tx: Tx,
  filter: ExecutionFilter,
  page: PageRequest,
): Promise<Page<ExecutionRecord>> {
  const params: unknown[] = [afterSeq(page.after, true)];
  const where = ['e.seq < $1'];
  const equal = (column: string, value: string | undefined): void => {
    if (value === undefined) return;
    params.push(value);
    where.push(`e.${column} = $${String(params.length)}`);
  };
  equal('state_machine_arn', filter.stateMachineArn);
  equal('state_machine_version_arn', filter.stateMachineVersionArn);
  equal('state_machine_alias_arn', filter.stateMachineAliasArn);
  equal('map_run_arn', filter.mapRunArn);
  equal('status', filter.status);
  if (filter.redriven !== undefined) where.push(filter.redriven ? 'e.redrive_count > 0' : 'e.redrive_count = 0');
  equal('parent_execution_arn', filter.parent?.executionArn);
  equal('parent_task_id', filter.parent?.taskId);
  params.push(page.limit + 1);
  const rows = await tx.rows(
    `${executionRowsWithParts()} WHERE ${where.join(' AND ')} ORDER BY e.seq DESC LIMIT $${String(params.length)}`,
    params,
  );
  return toPage(rows, page.limit, (row) => executionOf(row, stateOfRow(row)));
}

/**
 * One step. Refusals roll back (a `Rollback`), so a refused commit writes nothing. The execution's row
 * is locked before the checks, so they and the writes see one state of it across nodes.
 */
export async function commit(tx: Tx, c: StepCommit): Promise<CommitResult> {
  const locked = await tx.row('SELECT seq, version FROM executions WHERE arn = $1 FOR UPDATE', [c.executionArn]);
  const refused = c.consumes === undefined ? undefined : await consumeWork(tx, c.consumes, c.claim);
  if (refused !== undefined) throw new Rollback(refused);
  if (c.claimsToken !== undefined && !(await claimToken(tx, c.claimsToken))) throw new Rollback('consumed');
  if (locked === undefined || int(locked, 'version') !== c.expectedVersion) throw new Rollback('conflict');
  const { values, parts } = stepHead(c);
  await tx.count(
    `UPDATE executions SET status = $1, output = $2, error = $3, cause = $4, stop_date = $5, redrive_count = $6,
       redrive_date = coalesce($7, redrive_date), state = $8, version = version + 1
     WHERE seq = $9`,
    [...values, int(locked, 'seq')],
  );
  await writeParts(tx, int(locked, 'seq'), parts);
  await insertEvents(tx, int(locked, 'seq'), c.events);
  await removeWork(tx, c.removeWork ?? []);
  await insertWork(tx, [...(c.addWork ?? []), ...(await childStops(tx, c))]);
  await removeTokens(tx, c.removeTokens ?? []);
  await insertTokens(tx, c.addTokens ?? []);
  await closeTokens(tx, c.executionArn, c.closeTokens ?? []);
  if (c.state.status !== 'RUNNING') await endExecutionWork(tx, c.executionArn);
  return 'committed';
}

/** StopExecution work for the running children of the step's cancelled `.sync` tasks, listed in its transaction. */
async function childStops(tx: Tx, c: StepCommit): Promise<WorkItem[]> {
  const stop = c.stopChildren;
  if (stop === undefined || stop.taskIds.length === 0) return [];
  const rows = await tx.rows(
    `SELECT arn FROM executions
     WHERE parent_execution_arn = $1 AND parent_task_id = ANY($2) AND status = 'RUNNING'`,
    [c.executionArn, stop.taskIds],
  );
  return rows.map((row) => childStopWork(text(row, 'arn'), stop.dueTime));
}

export async function removeExecution(tx: Tx, arn: string): Promise<boolean> {
  await deleteExecutionWork(tx, arn);
  const row = await tx.row('DELETE FROM executions WHERE arn = $1 RETURNING seq', [arn]);
  if (row === undefined) return false;
  await tx.count('DELETE FROM history_events WHERE execution_seq = $1', [int(row, 'seq')]);
  await deleteParts(tx, int(row, 'seq'));
  return true;
}

/** Executions closed before `closedBefore`, oldest first, deleted (index executions_by_stop_date, 0006). */
export async function expireExecutions(tx: Tx, closedBefore: number, limit: number): Promise<string[]> {
  const rows = await tx.rows(
    "SELECT arn FROM executions WHERE stop_date < $1 AND status <> 'RUNNING' ORDER BY stop_date LIMIT $2",
    [closedBefore, limit],
  );
  const arns = rows.map((row) => text(row, 'arn'));
  for (const arn of arns) {
    await removeMapRuns(tx, arn);
    await removeExecution(tx, arn);
  }
  return arns;
}

/** An execution's Map Runs with their items and work (its children are executions, expired by their own close). */
async function removeMapRuns(tx: Tx, executionArn: string): Promise<void> {
  const runs = 'SELECT arn FROM map_runs WHERE execution_arn = $1';
  await tx.count(`DELETE FROM map_run_items WHERE map_run_arn IN (${runs})`, [executionArn]);
  await tx.count(`DELETE FROM work WHERE execution_arn IN (${runs})`, [executionArn]);
  await tx.count('DELETE FROM map_runs WHERE execution_arn = $1', [executionArn]);
}

export { selectHistory } from './history-rows.ts';

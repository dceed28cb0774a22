// The PostgreSQL store's Distributed Map runs (migration 0007): SQLite's map-runs.ts in PostgreSQL's
// dialect. The run's row is locked while children are taken, so that nodes taking children of one run at
// once never exceed its MaxConcurrency; an item's row is locked while its end is counted.

import type { JsonValue } from '@stepwise/core';
import type {
  MapRunChildEnd,
  MapRunChildStart,
  MapRunItemRecord,
  MapRunItemStatus,
  MapRunPatch,
  MapRunRecord,
  MapRunResults,
} from '../map-run-store.ts';
import type { Page, PageRequest, WorkItem } from '../records.ts';
import { claimLost, consumedItems, type ConsumedWork, type MapRunConsumes } from '../map-run-store.ts';
import { afterSeq, int, nullable, optionalText, text, toPage } from '../sqlite/db.ts';
import { childStartOf, countColumn, CounterMoves, itemRecordOf, mapRunOf, resultsOf } from '../sqlite/map-runs.ts';
import type { Tx } from './pg-db.ts';
import { insertWork, removeWork } from './work.ts';

export async function insertMapRun(
  tx: Tx,
  run: Omit<MapRunRecord, 'counts'>,
  inputs: readonly JsonValue[],
): Promise<boolean> {
  const inserted = await tx.count(
    `INSERT INTO map_runs (arn, execution_arn, state_machine_arn, status, definition, execution_type, role_arn,
       max_concurrency, tolerated_failure_count, tolerated_failure_percentage, start_date, stop_date,
       redrive_count, redrive_date, pending, total, results_stay)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16) ON CONFLICT (arn) DO NOTHING`,
    [
      run.arn,
      run.executionArn,
      run.stateMachineArn,
      run.status,
      run.definition,
      run.executionType,
      run.roleArn,
      run.maxConcurrency,
      nullable(run.toleratedFailureCount),
      nullable(run.toleratedFailurePercentage),
      run.startDate,
      nullable(run.stopDate),
      run.redriveCount,
      nullable(run.redriveDate),
      inputs.length,
      run.resultsStay === true ? 1 : 0,
    ],
  );
  if (inserted === 0) return false;
  await tx.count(
    `INSERT INTO map_run_items (map_run_arn, idx, input, status)
     SELECT $1, idx - 1, input, 'PENDING' FROM unnest($2::text[]) WITH ORDINALITY AS t(input, idx)`,
    [run.arn, inputs.map((input) => JSON.stringify(input))],
  );
  return true;
}

export async function selectMapRun(tx: Tx, arn: string): Promise<MapRunRecord | undefined> {
  const row = await tx.row('SELECT * FROM map_runs WHERE arn = $1', [arn]);
  return row === undefined ? undefined : mapRunOf(row);
}

export async function selectMapRuns(tx: Tx, executionArn: string, page: PageRequest): Promise<Page<MapRunRecord>> {
  const rows = await tx.rows('SELECT * FROM map_runs WHERE execution_arn = $1 AND seq > $2 ORDER BY seq LIMIT $3', [
    executionArn,
    afterSeq(page.after, false),
    page.limit + 1,
  ]);
  return toPage(rows, page.limit, mapRunOf);
}

export async function updateMapRun(tx: Tx, arn: string, patch: MapRunPatch): Promise<MapRunRecord | undefined> {
  await tx.count(
    `UPDATE map_runs SET max_concurrency = coalesce($2, max_concurrency),
       tolerated_failure_count = coalesce($3, tolerated_failure_count),
       tolerated_failure_percentage = coalesce($4, tolerated_failure_percentage)
     WHERE arn = $1`,
    [
      arn,
      nullable(patch.maxConcurrency),
      nullable(patch.toleratedFailureCount),
      nullable(patch.toleratedFailurePercentage),
    ],
  );
  return selectMapRun(tx, arn);
}

export async function takeChildren(
  tx: Tx,
  arn: string,
  batch: number,
  executionArnFor: (index: number) => string,
): Promise<MapRunChildStart[]> {
  const run = await tx.row('SELECT status, max_concurrency, running FROM map_runs WHERE arn = $1 FOR UPDATE', [arn]);
  if (run === undefined || text(run, 'status') !== 'RUNNING') return [];
  const taken = (
    await tx.rows(
      `SELECT idx, input, execution_arn FROM map_run_items
       WHERE map_run_arn = $1 AND status = 'RUNNING' AND NOT started ORDER BY idx LIMIT $2`,
      [arn, batch],
    )
  ).map(childStartOf);
  const maxConcurrency = int(run, 'max_concurrency');
  const free = maxConcurrency === 0 ? batch : maxConcurrency - int(run, 'running');
  const room = Math.min(batch - taken.length, free);
  if (room <= 0) return taken;
  const pending = await tx.rows(
    `SELECT idx, input, execution_arn FROM map_run_items WHERE map_run_arn = $1 AND status = 'PENDING'
     ORDER BY idx LIMIT $2`,
    [arn, room],
  );
  // A pending item with an execution is a STANDARD child to redrive (see redriveMapRun).
  const starts: MapRunChildStart[] = pending.map((row) => {
    const index = int(row, 'idx');
    const redriven = optionalText(row, 'execution_arn');
    const start = { index, input: text(row, 'input'), executionArn: redriven ?? executionArnFor(index) };
    return redriven === undefined ? start : { ...start, redrive: true };
  });
  if (starts.length === 0) return taken;
  await tx.count(
    `UPDATE map_run_items SET status = 'RUNNING', execution_arn = t.arn
     FROM unnest($2::int[], $3::text[]) AS t(idx, arn)
     WHERE map_run_items.map_run_arn = $1 AND map_run_items.idx = t.idx`,
    [arn, starts.map((start) => start.index), starts.map((start) => start.executionArn)],
  );
  await tx.count('UPDATE map_runs SET pending = pending - $2, running = running + $2 WHERE arn = $1', [
    arn,
    starts.length,
  ]);
  return [...taken, ...starts];
}

export async function markStarted(
  tx: Tx,
  arn: string,
  indices: readonly number[],
  consumes?: MapRunConsumes,
): Promise<boolean> {
  const items = consumedItems(consumes);
  if (await anyClaimLost(tx, items)) return false;
  if (indices.length > 0) {
    await tx.count('UPDATE map_run_items SET started = true WHERE map_run_arn = $1 AND idx = ANY($2)', [
      arn,
      [...indices],
    ]);
  }
  await removeWork(
    tx,
    items.map((item) => item.id),
  );
  return true;
}

/**
 * Whether another node has claimed one of `items` since the claim it was consumed under; the items' rows
 * stay locked to the end of the transaction, so no claim can change before they are deleted.
 */
async function anyClaimLost(tx: Tx, items: readonly ConsumedWork[]): Promise<boolean> {
  const claimed = items.filter((item) => item.claim !== undefined);
  if (claimed.length === 0) return false;
  const rows = await tx.rows('SELECT id, lease_owner, attempts FROM work WHERE id = ANY($1) FOR UPDATE', [
    claimed.map((item) => item.id),
  ]);
  const held = new Map(
    rows.map((row) => [row.id as string, { owner: row.lease_owner, attempts: int(row, 'attempts') }]),
  );
  return claimed.some((item) => claimLost(item, held.get(item.id)));
}

export async function recordChildEnd(tx: Tx, arn: string, end: MapRunChildEnd): Promise<MapRunRecord | undefined> {
  return recordChildEnds(tx, arn, [end]);
}

export async function recordChildEnds(
  tx: Tx,
  arn: string,
  ends: readonly MapRunChildEnd[],
): Promise<MapRunRecord | undefined> {
  // The run's counters move once per pair of statuses, not once per end (a round trip each).
  const moves = new CounterMoves();
  for (const end of ends) moves.add(await recordEnd(tx, arn, end));
  for (const sql of moves.updates('$1')) await tx.count(sql, [arn]);
  return selectMapRun(tx, arn);
}

export async function requeueChildren(tx: Tx, arn: string): Promise<void> {
  const requeued = await tx.count(
    `UPDATE map_run_items SET status = 'PENDING', execution_arn = NULL, started = false
     WHERE map_run_arn = $1 AND status = 'RUNNING' AND EXISTS (SELECT 1 FROM map_runs WHERE arn = $1 AND status = 'RUNNING')`,
    [arn],
  );
  if (requeued > 0) {
    await tx.count('UPDATE map_runs SET pending = pending + $2, running = running - $2 WHERE arn = $1', [
      arn,
      requeued,
    ]);
  }
}

/** Records one end on its item: the status move, undefined when the item had ended already (or is none). */
async function recordEnd(
  tx: Tx,
  arn: string,
  end: MapRunChildEnd,
): Promise<{ from: MapRunItemStatus; to: MapRunItemStatus } | undefined> {
  const item = await tx.row(
    'SELECT idx, status FROM map_run_items WHERE map_run_arn = $1 AND execution_arn = $2 FOR UPDATE',
    [arn, end.executionArn],
  );
  if (item === undefined) return undefined;
  const from = text(item, 'status') as MapRunItemStatus;
  // An item ends once: a repeated report (a work item performed twice) changes nothing.
  if (from !== 'PENDING' && from !== 'RUNNING') return undefined;
  await tx.count(
    `UPDATE map_run_items SET status = $3, started = true, output = $4, error = $5, cause = $6
     WHERE map_run_arn = $1 AND idx = $2`,
    [arn, int(item, 'idx'), end.status, nullable(end.output), nullable(end.error), nullable(end.cause)],
  );
  return { from, to: end.status };
}

export async function endMapRun(
  tx: Tx,
  arn: string,
  status: string,
  stopDate: number,
  work: { addWork: WorkItem[]; consumes?: MapRunConsumes },
): Promise<boolean> {
  const items = consumedItems(work.consumes);
  if (await anyClaimLost(tx, items)) return false;
  const ended =
    (await tx.count(`UPDATE map_runs SET status = $2, stop_date = $3 WHERE arn = $1 AND status = 'RUNNING'`, [
      arn,
      status,
      stopDate,
    ])) > 0;
  if (ended) await insertWork(tx, work.addWork);
  await removeWork(
    tx,
    items.map((item) => item.id),
  );
  return ended;
}

export async function selectResults(tx: Tx, arn: string): Promise<MapRunResults> {
  const rows = await tx.rows(
    'SELECT idx, status, output, error, cause FROM map_run_items WHERE map_run_arn = $1 ORDER BY idx',
    [arn],
  );
  return resultsOf(rows);
}

/** Up to `limit` of the run's children after index `after`, in item order, with their results. */
export async function selectItemPage(tx: Tx, arn: string, after: number, limit: number): Promise<MapRunItemRecord[]> {
  const rows = await tx.rows(
    `SELECT idx, input, status, execution_arn, output, error, cause FROM map_run_items
     WHERE map_run_arn = $1 AND idx > $2 ORDER BY idx LIMIT $3`,
    [arn, after, limit],
  );
  return rows.map(itemRecordOf);
}

export async function redriveMapRun(tx: Tx, arn: string, redriveCount: number, redriveDate: number): Promise<boolean> {
  const redriven = await tx.row(
    `UPDATE map_runs SET status = 'RUNNING', stop_date = NULL, redrive_count = $2, redrive_date = $3
     WHERE arn = $1 AND status <> 'RUNNING' AND redrive_count < $2 RETURNING execution_type`,
    [arn, redriveCount, redriveDate],
  );
  if (redriven === undefined) return false;
  const express = text(redriven, 'execution_type') === 'EXPRESS';
  await tx.count(
    `UPDATE map_run_items SET status = 'PENDING', started = false, output = NULL, error = NULL, cause = NULL,
       execution_arn = ${express ? 'NULL' : 'execution_arn'}
     WHERE map_run_arn = $1 AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED')`,
    [arn],
  );
  const counts = new Map(
    (
      await tx.rows('SELECT status, count(*)::int AS n FROM map_run_items WHERE map_run_arn = $1 GROUP BY status', [
        arn,
      ])
    ).map((row) => [text(row, 'status') as MapRunItemStatus, int(row, 'n')]),
  );
  const columns = Object.entries(countColumn).map(
    ([status, column]) => `${column} = ${String(counts.get(status as MapRunItemStatus) ?? 0)}`,
  );
  await tx.count(`UPDATE map_runs SET ${columns.join(', ')} WHERE arn = $1`, [arn]);
  return true;
}

export async function selectRunningChildren(tx: Tx, arn: string): Promise<string[]> {
  const rows = await tx.rows(
    `SELECT execution_arn FROM map_run_items WHERE map_run_arn = $1 AND status = 'RUNNING' AND execution_arn IS NOT NULL`,
    [arn],
  );
  return rows.map((row) => text(row, 'execution_arn'));
}

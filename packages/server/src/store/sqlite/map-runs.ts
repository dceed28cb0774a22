// The SQLite store's Distributed Map runs (migration 0013): the run's row with its counters, and one row
// per child item whose status changes move the counters in the same transaction.

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
import { claimLost, consumedItems, type ConsumedWork, type MapRunConsumes } from '../map-run-store.ts';
import type { Page, PageRequest, WorkItem } from '../records.ts';
import { insertWork, removeWork } from './work.ts';
import { afterSeq, int, nullable, optionalInt, optionalText, text, toPage, type Db, type Row } from './db.ts';

/** The counter column each item status is counted in. */
export const countColumn: Record<MapRunItemStatus, string> = {
  PENDING: 'pending',
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timed_out',
  ABORTED: 'aborted',
};

export function insertMapRun(db: Db, run: Omit<MapRunRecord, 'counts'>, inputs: readonly JsonValue[]): boolean {
  const inserted = db.run(
    `INSERT INTO map_runs (arn, execution_arn, state_machine_arn, status, definition, execution_type, role_arn,
       max_concurrency, tolerated_failure_count, tolerated_failure_percentage, start_date, stop_date,
       redrive_count, redrive_date, pending, total, results_stay)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (arn) DO NOTHING`,
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
    inputs.length,
    run.resultsStay === true ? 1 : 0,
  );
  if (inserted === 0) return false;
  inputs.forEach((input, index) => {
    db.run(
      `INSERT INTO map_run_items (map_run_arn, idx, input, status) VALUES (?, ?, ?, 'PENDING')`,
      run.arn,
      index,
      JSON.stringify(input),
    );
  });
  return true;
}

export function selectMapRun(db: Db, arn: string): MapRunRecord | undefined {
  const row = db.get('SELECT * FROM map_runs WHERE arn = ?', arn);
  return row === undefined ? undefined : mapRunOf(row);
}

export function selectMapRuns(db: Db, executionArn: string, page: PageRequest): Page<MapRunRecord> {
  const rows = db.all(
    'SELECT * FROM map_runs WHERE execution_arn = ? AND seq > ? ORDER BY seq LIMIT ?',
    executionArn,
    afterSeq(page.after, false),
    page.limit + 1,
  );
  return toPage(rows, page.limit, mapRunOf);
}

export function updateMapRun(db: Db, arn: string, patch: MapRunPatch): MapRunRecord | undefined {
  if (patch.maxConcurrency !== undefined) {
    db.run('UPDATE map_runs SET max_concurrency = ? WHERE arn = ?', patch.maxConcurrency, arn);
  }
  if (patch.toleratedFailureCount !== undefined) {
    db.run('UPDATE map_runs SET tolerated_failure_count = ? WHERE arn = ?', patch.toleratedFailureCount, arn);
  }
  if (patch.toleratedFailurePercentage !== undefined) {
    db.run('UPDATE map_runs SET tolerated_failure_percentage = ? WHERE arn = ?', patch.toleratedFailurePercentage, arn);
  }
  return selectMapRun(db, arn);
}

// SQLite's planner, without ANALYZE's statistics, prefers the primary key's (map_run_arn) prefix to the
// indexes below, which scans every item of the run per query: quadratic in the run's size. INDEXED BY keeps
// each query to the rows it wants.

export function takeChildren(
  db: Db,
  arn: string,
  batch: number,
  executionArnFor: (index: number) => string,
): MapRunChildStart[] {
  const run = db.get('SELECT status, max_concurrency, running FROM map_runs WHERE arn = ?', arn);
  if (run === undefined || text(run, 'status') !== 'RUNNING') return [];
  // Taken before but not known to be started (a crash in between): started again, idempotently.
  const taken = db
    .all(
      `SELECT idx, input, execution_arn FROM map_run_items INDEXED BY map_run_items_by_status
       WHERE map_run_arn = ? AND status = 'RUNNING' AND started = 0 ORDER BY idx LIMIT ?`,
      arn,
      batch,
    )
    .map(childStartOf);
  const maxConcurrency = int(run, 'max_concurrency');
  const free = maxConcurrency === 0 ? batch : maxConcurrency - int(run, 'running');
  const room = Math.min(batch - taken.length, free);
  if (room <= 0) return taken;
  const pending = db.all(
    `SELECT idx, input, execution_arn FROM map_run_items INDEXED BY map_run_items_by_status
     WHERE map_run_arn = ? AND status = 'PENDING' ORDER BY idx LIMIT ?`,
    arn,
    room,
  );
  for (const row of pending) {
    const index = int(row, 'idx');
    // A pending item with an execution is a STANDARD child to redrive (see redriveMapRun).
    const redriven = optionalText(row, 'execution_arn');
    const executionArn = redriven ?? executionArnFor(index);
    db.run(
      `UPDATE map_run_items SET status = 'RUNNING', execution_arn = ? WHERE map_run_arn = ? AND idx = ?`,
      executionArn,
      arn,
      index,
    );
    taken.push({
      index,
      input: text(row, 'input'),
      executionArn,
      ...(redriven === undefined ? {} : { redrive: true }),
    });
  }
  if (pending.length > 0) {
    db.run(
      'UPDATE map_runs SET pending = pending - ?, running = running + ? WHERE arn = ?',
      pending.length,
      pending.length,
      arn,
    );
  }
  return taken;
}

export function markStarted(db: Db, arn: string, indices: readonly number[], consumes?: MapRunConsumes): boolean {
  const items = consumedItems(consumes);
  if (anyClaimLost(db, items)) return false;
  for (const index of indices) {
    db.run('UPDATE map_run_items SET started = 1 WHERE map_run_arn = ? AND idx = ?', arn, index);
  }
  removeWork(
    db,
    items.map((item) => item.id),
  );
  return true;
}

/** Whether another node has claimed one of `items` since the claim it was consumed under. */
function anyClaimLost(db: Db, items: readonly ConsumedWork[]): boolean {
  return items.some((item) => {
    if (item.claim === undefined) return false;
    const row = db.get('SELECT lease_owner, attempts FROM work WHERE id = ?', item.id);
    return claimLost(item, row === undefined ? undefined : { owner: row.lease_owner, attempts: int(row, 'attempts') });
  });
}

export function recordChildEnd(db: Db, arn: string, end: MapRunChildEnd): MapRunRecord | undefined {
  return recordChildEnds(db, arn, [end]);
}

/** Records the ends; the run's counters move once per pair of statuses, not once per end. */
export function recordChildEnds(db: Db, arn: string, ends: readonly MapRunChildEnd[]): MapRunRecord | undefined {
  const moves = new CounterMoves();
  for (const end of ends) moves.add(recordEnd(db, arn, end));
  for (const sql of moves.updates()) db.run(sql, arn);
  return selectMapRun(db, arn);
}

/** How many items moved from one status to another: each pair is one UPDATE of the run's counters. */
export class CounterMoves {
  private readonly counts = new Map<string, number>();

  add(move: { from: MapRunItemStatus; to: MapRunItemStatus } | undefined): void {
    if (move === undefined) return;
    const key = `${countColumn[move.from]} ${countColumn[move.to]}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** The UPDATE statements, their one parameter the run's ARN (`?`, or `$1` for PostgreSQL). */
  updates(parameter = '?'): string[] {
    return [...this.counts].map(([key, n]) => {
      const [from, to] = key.split(' ') as [string, string];
      return `UPDATE map_runs SET ${from} = ${from} - ${String(n)}, ${to} = ${to} + ${String(n)} WHERE arn = ${parameter}`;
    });
  }
}

export function requeueChildren(db: Db, arn: string): void {
  const requeued = db.run(
    `UPDATE map_run_items INDEXED BY map_run_items_by_status SET status = 'PENDING', execution_arn = NULL, started = 0
     WHERE map_run_arn = ? AND status = 'RUNNING' AND EXISTS (SELECT 1 FROM map_runs WHERE arn = ? AND status = 'RUNNING')`,
    arn,
    arn,
  );
  if (requeued > 0) {
    db.run('UPDATE map_runs SET pending = pending + ?, running = running - ? WHERE arn = ?', requeued, requeued, arn);
  }
}

/** Records one end on its item: the status move, undefined when the item had ended already (or is none). */
function recordEnd(
  db: Db,
  arn: string,
  end: MapRunChildEnd,
): { from: MapRunItemStatus; to: MapRunItemStatus } | undefined {
  const item = db.get(
    'SELECT idx, status FROM map_run_items INDEXED BY map_run_items_by_execution WHERE map_run_arn = ? AND execution_arn = ?',
    arn,
    end.executionArn,
  );
  if (item === undefined) return undefined;
  const index = int(item, 'idx');
  const from = text(item, 'status') as MapRunItemStatus;
  // An item ends once: a repeated report (a work item performed twice) changes nothing.
  if (from !== 'PENDING' && from !== 'RUNNING') return undefined;
  db.run(
    `UPDATE map_run_items SET status = ?, started = 1, output = ?, error = ?, cause = ?
     WHERE map_run_arn = ? AND idx = ?`,
    end.status,
    nullable(end.output),
    nullable(end.error),
    nullable(end.cause),
    arn,
    index,
  );
  return { from, to: end.status };
}

export function endMapRun(
  db: Db,
  arn: string,
  status: string,
  stopDate: number,
  work: { addWork: WorkItem[]; consumes?: MapRunConsumes },
): boolean {
  const items = consumedItems(work.consumes);
  if (anyClaimLost(db, items)) return false;
  const ended =
    db.run(
      `UPDATE map_runs SET status = ?, stop_date = ? WHERE arn = ? AND status = 'RUNNING'`,
      status,
      stopDate,
      arn,
    ) > 0;
  if (ended) insertWork(db, work.addWork);
  removeWork(
    db,
    items.map((item) => item.id),
  );
  return ended;
}

export function selectResults(db: Db, arn: string): MapRunResults {
  const rows = db
    .sql('SELECT idx, status, output, error, cause FROM map_run_items WHERE map_run_arn = ? ORDER BY idx')
    .iterate(arn) as Iterable<Row>;
  return resultsOf(rows);
}

/** Up to `limit` of the run's children after index `after`, in item order, with their results. */
export function selectItemPage(db: Db, arn: string, after: number, limit: number): MapRunItemRecord[] {
  const rows = db.all(
    `SELECT idx, input, status, execution_arn, output, error, cause FROM map_run_items
     WHERE map_run_arn = ? AND idx > ? ORDER BY idx LIMIT ?`,
    arn,
    after,
    limit,
  );
  return rows.map(itemRecordOf);
}

export function itemRecordOf(row: Row): MapRunItemRecord {
  const record: MapRunItemRecord = {
    index: int(row, 'idx'),
    input: text(row, 'input'),
    status: text(row, 'status') as MapRunItemRecord['status'],
  };
  const executionArn = optionalText(row, 'execution_arn');
  if (executionArn !== undefined) record.executionArn = executionArn;
  for (const field of ['output', 'error', 'cause'] as const) {
    const value = optionalText(row, field);
    if (value !== undefined) record[field] = value;
  }
  return record;
}

/** The children's outputs in item order (null for those that did not succeed) and the others' failures. */
export function resultsOf(rows: Iterable<Row>): MapRunResults {
  const outputs: (string | null)[] = [];
  const failures: MapRunResults['failures'] = {};
  for (const row of rows) {
    const index = int(row, 'idx');
    const succeeded = text(row, 'status') === 'SUCCEEDED';
    outputs[index] = succeeded ? (optionalText(row, 'output') ?? 'null') : null;
    if (!succeeded) {
      const cause = optionalText(row, 'cause');
      failures[index] = { error: optionalText(row, 'error') ?? '', ...(cause === undefined ? {} : { cause }) };
    }
  }
  return { outputs, failures };
}

export function redriveMapRun(db: Db, arn: string, redriveCount: number, redriveDate: number): boolean {
  const redriven = db.run(
    `UPDATE map_runs SET status = 'RUNNING', stop_date = NULL, redrive_count = ?, redrive_date = ?
     WHERE arn = ? AND status <> 'RUNNING' AND redrive_count < ?`,
    redriveCount,
    redriveDate,
    arn,
    redriveCount,
  );
  if (redriven === 0) return false;
  const express = db.get('SELECT execution_type FROM map_runs WHERE arn = ?', arn)?.execution_type;
  db.run(
    `UPDATE map_run_items SET status = 'PENDING', started = 0, output = NULL, error = NULL, cause = NULL,
       execution_arn = ${express === 'EXPRESS' ? 'NULL' : 'execution_arn'}
     WHERE map_run_arn = ? AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED')`,
    arn,
  );
  recount(db, arn);
  return true;
}

/** Sets the run's counters from its items (once per redrive, so a scan is fine). */
function recount(db: Db, arn: string): void {
  const counts = new Map(
    db
      .all('SELECT status, count(*) AS n FROM map_run_items WHERE map_run_arn = ? GROUP BY status', arn)
      .map((row) => [text(row, 'status') as MapRunItemStatus, int(row, 'n')]),
  );
  const columns = Object.entries(countColumn).map(
    ([status, column]) => `${column} = ${String(counts.get(status as MapRunItemStatus) ?? 0)}`,
  );
  db.run(`UPDATE map_runs SET ${columns.join(', ')} WHERE arn = ?`, arn);
}

export function selectRunningChildren(db: Db, arn: string): string[] {
  return db
    .all(
      `SELECT execution_arn FROM map_run_items INDEXED BY map_run_items_by_status
       WHERE map_run_arn = ? AND status = 'RUNNING' AND execution_arn IS NOT NULL`,
      arn,
    )
    .map((row) => text(row, 'execution_arn'));
}

export function childStartOf(row: Row): MapRunChildStart {
  return { index: int(row, 'idx'), input: text(row, 'input'), executionArn: text(row, 'execution_arn') };
}

export function mapRunOf(row: Row): MapRunRecord {
  const record: MapRunRecord = {
    arn: text(row, 'arn'),
    executionArn: text(row, 'execution_arn'),
    stateMachineArn: text(row, 'state_machine_arn'),
    status: text(row, 'status') as MapRunRecord['status'],
    definition: text(row, 'definition'),
    executionType: text(row, 'execution_type') as MapRunRecord['executionType'],
    roleArn: text(row, 'role_arn'),
    maxConcurrency: int(row, 'max_concurrency'),
    startDate: int(row, 'start_date'),
    redriveCount: int(row, 'redrive_count'),
    counts: {
      pending: int(row, 'pending'),
      running: int(row, 'running'),
      succeeded: int(row, 'succeeded'),
      failed: int(row, 'failed'),
      timedOut: int(row, 'timed_out'),
      aborted: int(row, 'aborted'),
      total: int(row, 'total'),
    },
  };
  const count = optionalInt(row, 'tolerated_failure_count');
  if (count !== undefined) record.toleratedFailureCount = count;
  const percentage = optionalInt(row, 'tolerated_failure_percentage');
  if (percentage !== undefined) record.toleratedFailurePercentage = percentage;
  const stopDate = optionalInt(row, 'stop_date');
  if (stopDate !== undefined) record.stopDate = stopDate;
  const redriveDate = optionalInt(row, 'redrive_date');
  if (redriveDate !== undefined) record.redriveDate = redriveDate;
  if (optionalInt(row, 'results_stay') === 1) record.resultsStay = true;
  return record;
}

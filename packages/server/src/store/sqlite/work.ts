// The SQLite store's work queue (timers and task calls, claimed with leases) and task tokens.

import type { EngineInput, TaskInvocation } from '@stepwise/core';
import type { ClaimRequest } from '../store.ts';
import type { ClaimedWork, JobWork, MapRunAction, TaskTokenRecord, TokenCloseReason, WorkItem } from '../records.ts';
import { withoutUndefined, int, nullable, optionalInt, optionalText, text, type Db, type Row } from './db.ts';

/** Inserts work; an id already present is kept as it is, so repeating a command is harmless. */
export function insertWork(db: Db, items: WorkItem[]): void {
  for (const item of items) {
    const payload = payloadOf(item);
    db.run(
      `INSERT INTO work (id, execution_arn, kind, due_time, payload) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      item.id,
      item.executionArn,
      item.kind,
      item.dueTime,
      JSON.stringify(payload),
    );
  }
}

export function payloadOf(item: WorkItem): object {
  switch (item.kind) {
    case 'timer':
      return { timerId: item.timerId };
    case 'task':
      return { invocation: item.invocation };
    case 'input':
      return { input: item.input };
    case 'mapRun':
      return { action: item.action };
    case 'job':
      return { job: item.job };
  }
}

/**
 * Why a step may not consume this work item: it is gone ('consumed'), or another node has claimed it since
 * the claim the step was performed under ('fenced'); undefined when it may.
 */
export function consumeRefusal(
  db: Db,
  id: string,
  claim: { owner: string; attempts: number } | undefined,
): 'consumed' | 'fenced' | undefined {
  const row = db.get('SELECT lease_owner, attempts FROM work WHERE id = ?', id);
  if (row === undefined) return 'consumed';
  if (claim === undefined) return undefined;
  return row.lease_owner === claim.owner && int(row, 'attempts') === claim.attempts ? undefined : 'fenced';
}

export function removeWork(db: Db, ids: string[]): void {
  for (const id of ids) db.run('DELETE FROM work WHERE id = ?', id);
}

/** The execution ended: its work goes, its open tokens close (a late callback is told TaskTimedOut). */
export function endExecutionWork(db: Db, executionArn: string): void {
  // A job's stop call (job-polls.ts) outlives the end it was committed with.
  db.run(`DELETE FROM work WHERE execution_arn = ? AND kind <> 'job'`, executionArn);
  db.run(
    `UPDATE task_tokens SET closed_reason = 'timed-out' WHERE execution_arn = ? AND closed_reason IS NULL`,
    executionArn,
  );
}

export function deleteExecutionWork(db: Db, executionArn: string): void {
  db.run('DELETE FROM work WHERE execution_arn = ?', executionArn);
  db.run('DELETE FROM task_tokens WHERE execution_arn = ?', executionArn);
}

export function claim(db: Db, request: ClaimRequest): ClaimedWork[] {
  // One writer at a time (the transaction is IMMEDIATE), so the items cannot be handed out twice. One
  // statement leases and returns them; RETURNING's order is not the query's, hence the sort.
  const rows = db.all(
    `UPDATE work SET lease_owner = ?, lease_until = ?, attempts = attempts + 1,
                     crashes = crashes + started, started = 0
     WHERE seq IN (SELECT seq FROM work WHERE due_time <= ? AND (lease_until IS NULL OR lease_until <= ?)
                   ORDER BY due_time, seq LIMIT ?)
     RETURNING *`,
    request.owner,
    request.leaseUntil,
    request.now,
    request.now,
    request.limit,
  );
  rows.sort((a, b) => int(a, 'due_time') - int(b, 'due_time') || int(a, 'seq') - int(b, 'seq'));
  return rows.map((row) => ({
    ...workOf(row),
    leaseOwner: request.owner,
    leaseUntil: request.leaseUntil,
    attempts: int(row, 'attempts'),
    crashes: int(row, 'crashes'),
  }));
}

/** Sets or clears the start mark of an item `owner` holds; false when it holds it no longer. */
export function mark(db: Db, owner: string, id: string, started: boolean): boolean {
  return db.run('UPDATE work SET started = ? WHERE id = ? AND lease_owner = ?', started ? 1 : 0, id, owner) > 0;
}

export function renew(db: Db, owner: string, ids: string[], leaseUntil: number): string[] {
  return ids.filter(
    (id) => db.run('UPDATE work SET lease_until = ? WHERE id = ? AND lease_owner = ?', leaseUntil, id, owner) > 0,
  );
}

export function release(db: Db, owner: string, ids: string[]): void {
  for (const id of ids) {
    db.run(
      'UPDATE work SET lease_owner = NULL, lease_until = NULL, started = 0 WHERE id = ? AND lease_owner = ?',
      id,
      owner,
    );
  }
}

/** Forgets every lease: only safe when no other process can hold one (the SQLite file lock). */
export function releaseAll(db: Db): void {
  db.run('UPDATE work SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL');
}

/**
 * When the next item becomes claimable: an unleased item at its due time, a leased one when its lease
 * ends. Two index walks rather than one expression over every row: the scheduler asks on each turn, and
 * with 100,000 executions' work queued a scan of the table took longer than the turn's work.
 */
export function wakeTime(db: Db): number | undefined {
  const due = db.get(
    'SELECT due_time FROM work WHERE lease_until IS NULL OR lease_until < due_time ORDER BY due_time LIMIT 1',
  );
  const leased = db.get(
    `SELECT lease_until FROM work WHERE lease_until IS NOT NULL AND lease_until >= due_time
     ORDER BY lease_until LIMIT 1`,
  );
  const times = [optionalInt(due ?? {}, 'due_time'), optionalInt(leased ?? {}, 'lease_until')];
  const defined = times.filter((time) => time !== undefined);
  return defined.length === 0 ? undefined : Math.min(...defined);
}

export function selectWork(db: Db, executionArn: string): WorkItem[] {
  return db.all('SELECT * FROM work WHERE execution_arn = ? ORDER BY seq', executionArn).map(workOf);
}

export function workOf(row: Row): WorkItem {
  const base = {
    id: text(row, 'id'),
    executionArn: text(row, 'execution_arn'),
    dueTime: int(row, 'due_time'),
  };
  const payload = JSON.parse(text(row, 'payload')) as {
    timerId: string;
    invocation: TaskInvocation;
    input: EngineInput;
    action: MapRunAction;
    job: JobWork;
  };
  const kind = text(row, 'kind');
  if (kind === 'timer') return { ...base, kind, timerId: payload.timerId };
  if (kind === 'task') return { ...base, kind, invocation: payload.invocation };
  if (kind === 'mapRun') return { ...base, kind, action: payload.action };
  if (kind === 'job') return { ...base, kind, job: payload.job };
  return { ...base, kind: 'input', input: payload.input };
}

export function insertTokens(db: Db, tokens: TaskTokenRecord[]): void {
  for (const t of tokens) {
    db.run(
      `INSERT INTO task_tokens (token, execution_arn, task_id, activity_arn, input, created_date)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (token) DO NOTHING`,
      t.token,
      t.executionArn,
      t.taskId,
      nullable(t.activityArn),
      nullable(t.input),
      t.createdDate,
    );
  }
}

export function removeTokens(db: Db, tokens: string[]): void {
  for (const token of tokens) db.run('DELETE FROM task_tokens WHERE token = ?', token);
}

export function selectToken(db: Db, token: string): TaskTokenRecord | undefined {
  const row = db.get('SELECT * FROM task_tokens WHERE token = ?', token);
  return row === undefined ? undefined : tokenOf(row);
}

export function closeTokens(
  db: Db,
  executionArn: string,
  closures: { taskId: string; reason: TokenCloseReason }[],
): void {
  for (const { taskId, reason } of closures) {
    db.run(
      `UPDATE task_tokens SET closed_reason = ? WHERE execution_arn = ? AND task_id = ? AND closed_reason IS NULL`,
      reason,
      executionArn,
      taskId,
    );
  }
}

/** Whether a worker may still take this token's task: open and not yet claimed. */
export function claimable(db: Db, token: string): boolean {
  const row = db.get(
    'SELECT 1 FROM task_tokens WHERE token = ? AND claimed_date IS NULL AND closed_reason IS NULL',
    token,
  );
  return row !== undefined;
}

export function claimToken(db: Db, claim: { token: string; workerName?: string; claimedDate: number }): void {
  db.run(
    'UPDATE task_tokens SET worker_name = ?, claimed_date = ? WHERE token = ?',
    nullable(claim.workerName),
    claim.claimedDate,
    claim.token,
  );
}

export function openActivityTasks(db: Db, activityArn: string, limit: number): TaskTokenRecord[] {
  return db
    .all(
      `SELECT * FROM task_tokens WHERE activity_arn = ? AND claimed_date IS NULL AND closed_reason IS NULL
       ORDER BY seq LIMIT ?`,
      activityArn,
      limit,
    )
    .map(tokenOf);
}

export function tokenOf(row: Row): TaskTokenRecord {
  return withoutUndefined({
    token: text(row, 'token'),
    executionArn: text(row, 'execution_arn'),
    taskId: text(row, 'task_id'),
    activityArn: optionalText(row, 'activity_arn'),
    input: optionalText(row, 'input'),
    createdDate: int(row, 'created_date'),
    workerName: optionalText(row, 'worker_name'),
    claimedDate: optionalInt(row, 'claimed_date'),
    closedReason: optionalText(row, 'closed_reason') as TokenCloseReason | undefined,
  });
}

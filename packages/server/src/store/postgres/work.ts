// The PostgreSQL store's work queue (timers and task calls, claimed with leases) and task tokens. Claims
// run under READ COMMITTED with FOR UPDATE SKIP LOCKED: concurrent nodes pass over each other's rows
// instead of waiting on them, and never receive the same item.

import type { ClaimRequest } from '../store.ts';
import type { ClaimedWork, TaskTokenRecord, TokenCloseReason, WorkItem } from '../records.ts';
import { int, nullable, optionalInt } from '../sqlite/db.ts';
import { payloadOf, tokenOf, workOf } from '../sqlite/work.ts';
import type { Tx } from './pg-db.ts';

/** Inserts work in one statement; an id already present is kept as it is. */
export async function insertWork(tx: Tx, items: WorkItem[]): Promise<void> {
  if (items.length === 0) return;
  await tx.count(
    `INSERT INTO work (id, execution_arn, kind, due_time, payload)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[])
     ON CONFLICT (id) DO NOTHING`,
    [
      items.map((item) => item.id),
      items.map((item) => item.executionArn),
      items.map((item) => item.kind),
      items.map((item) => item.dueTime),
      items.map((item) => JSON.stringify(payloadOf(item))),
    ],
  );
}

export async function removeWork(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length > 0) await tx.count('DELETE FROM work WHERE id = ANY($1)', [ids]);
}

/**
 * Removes the item a step consumes; 'consumed' when it is gone (another node applied it), 'fenced' when
 * another node has claimed it since `claim` (the caller rolls back, which keeps the item).
 */
export async function consumeWork(
  tx: Tx,
  id: string,
  claim: { owner: string; attempts: number } | undefined,
): Promise<'consumed' | 'fenced' | undefined> {
  const row = await tx.row('DELETE FROM work WHERE id = $1 RETURNING lease_owner, attempts', [id]);
  if (row === undefined) return 'consumed';
  if (claim === undefined) return undefined;
  return row.lease_owner === claim.owner && int(row, 'attempts') === claim.attempts ? undefined : 'fenced';
}

/** The execution ended: its work goes, its open tokens close (a late callback is told TaskTimedOut). */
export async function endExecutionWork(tx: Tx, executionArn: string): Promise<void> {
  // A job's stop call (job-polls.ts) outlives the end it was committed with.
  await tx.count(`DELETE FROM work WHERE execution_arn = $1 AND kind <> 'job'`, [executionArn]);
  await tx.count(
    `UPDATE task_tokens SET closed_reason = 'timed-out' WHERE execution_arn = $1 AND closed_reason IS NULL`,
    [executionArn],
  );
}

export async function deleteExecutionWork(tx: Tx, executionArn: string): Promise<void> {
  await tx.count('DELETE FROM work WHERE execution_arn = $1', [executionArn]);
  await tx.count('DELETE FROM task_tokens WHERE execution_arn = $1', [executionArn]);
}

/** Claims the earliest due items, found again by their unique id (work has no index on seq since 0019). */
export async function claim(tx: Tx, request: ClaimRequest): Promise<ClaimedWork[]> {
  const rows = await tx.rows(
    `UPDATE work SET lease_owner = $1, lease_until = $2, attempts = attempts + 1,
                     crashes = crashes + started::int, started = false
     WHERE id IN (SELECT id FROM work WHERE due_time <= $3 AND (lease_until IS NULL OR lease_until <= $3)
                  ORDER BY due_time, seq LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [request.owner, request.leaseUntil, request.now, request.limit],
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
export async function mark(tx: Tx, owner: string, id: string, started: boolean): Promise<boolean> {
  return (await tx.count('UPDATE work SET started = $1 WHERE id = $2 AND lease_owner = $3', [started, id, owner])) > 0;
}

export async function renew(tx: Tx, owner: string, ids: string[], leaseUntil: number): Promise<string[]> {
  const rows = await tx.rows('UPDATE work SET lease_until = $1 WHERE id = ANY($2) AND lease_owner = $3 RETURNING id', [
    leaseUntil,
    ids,
    owner,
  ]);
  const renewed = new Set(rows.map((row) => row.id as string));
  return ids.filter((id) => renewed.has(id));
}

export async function release(tx: Tx, owner: string, ids: string[]): Promise<void> {
  await tx.count(
    'UPDATE work SET lease_owner = NULL, lease_until = NULL, started = false WHERE id = ANY($1) AND lease_owner = $2',
    [ids, owner],
  );
}

/** When the next item becomes claimable: two index walks, as in the SQLite store. */
export async function wakeTime(tx: Tx): Promise<number | undefined> {
  const row = await tx.row(
    `SELECT (SELECT due_time FROM work WHERE lease_until IS NULL OR lease_until < due_time
             ORDER BY due_time LIMIT 1) AS due_time,
            (SELECT lease_until FROM work WHERE lease_until IS NOT NULL AND lease_until >= due_time
             ORDER BY lease_until LIMIT 1) AS lease_until`,
  );
  const times = [optionalInt(row ?? {}, 'due_time'), optionalInt(row ?? {}, 'lease_until')];
  const defined = times.filter((time) => time !== undefined);
  return defined.length === 0 ? undefined : Math.min(...defined);
}

export async function selectWork(tx: Tx, executionArn: string): Promise<WorkItem[]> {
  return (await tx.rows('SELECT * FROM work WHERE execution_arn = $1 ORDER BY seq', [executionArn])).map(workOf);
}

export async function insertTokens(tx: Tx, tokens: TaskTokenRecord[]): Promise<void> {
  for (const t of tokens) {
    await tx.count(
      `INSERT INTO task_tokens (token, execution_arn, task_id, activity_arn, input, created_date)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (token) DO NOTHING`,
      [t.token, t.executionArn, t.taskId, nullable(t.activityArn), nullable(t.input), t.createdDate],
    );
  }
}

export async function removeTokens(tx: Tx, tokens: string[]): Promise<void> {
  if (tokens.length > 0) await tx.count('DELETE FROM task_tokens WHERE token = ANY($1)', [tokens]);
}

export async function selectToken(tx: Tx, token: string): Promise<TaskTokenRecord | undefined> {
  const row = await tx.row('SELECT * FROM task_tokens WHERE token = $1', [token]);
  return row === undefined ? undefined : tokenOf(row);
}

export async function closeTokens(
  tx: Tx,
  executionArn: string,
  closures: { taskId: string; reason: TokenCloseReason }[],
): Promise<void> {
  for (const { taskId, reason } of closures) {
    await tx.count(
      `UPDATE task_tokens SET closed_reason = $1 WHERE execution_arn = $2 AND task_id = $3 AND closed_reason IS NULL`,
      [reason, executionArn, taskId],
    );
  }
}

/**
 * Hands an activity task to a worker when it is still open and unclaimed; false otherwise. One
 * conditional UPDATE: of two nodes racing for one token, the second waits on the row, then finds it
 * claimed.
 */
export async function claimToken(
  tx: Tx,
  claim: { token: string; workerName?: string; claimedDate: number },
): Promise<boolean> {
  const changed = await tx.count(
    `UPDATE task_tokens SET worker_name = $1, claimed_date = $2
     WHERE token = $3 AND claimed_date IS NULL AND closed_reason IS NULL`,
    [nullable(claim.workerName), claim.claimedDate, claim.token],
  );
  return changed > 0;
}

export async function openActivityTasks(tx: Tx, activityArn: string, limit: number): Promise<TaskTokenRecord[]> {
  const rows = await tx.rows(
    `SELECT * FROM task_tokens WHERE activity_arn = $1 AND claimed_date IS NULL AND closed_reason IS NULL
     ORDER BY seq LIMIT $2`,
    [activityArn, limit],
  );
  return rows.map(tokenOf);
}

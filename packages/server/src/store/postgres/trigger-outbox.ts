// The PostgreSQL statements of the delivery outbox: deliveries claimed by one node at a time (leases taken with
// SKIP LOCKED), finished into the delivery log, retried with a due time; and the fire keys, whose primary key
// makes a second node's fire of the same due time wait for the first and then write nothing.

import type { DeliveryClaim, DeliveryLogEntry, DeliveryRecord } from '../trigger-store.ts';
import type { Page, PageRequest } from '../records.ts';
import { afterSeq, text, toPage } from '../sqlite/db.ts';
import type { Tx } from './pg-db.ts';

export async function insertDeliveries(
  tx: Tx,
  deliveries: DeliveryRecord[],
  fireKey: string | undefined,
  now: number,
): Promise<boolean> {
  if (fireKey !== undefined) {
    const sql = 'INSERT INTO trigger_fires (key, fired_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING';
    if ((await tx.count(sql, [fireKey, now])) === 0) return false;
  }
  if (deliveries.length === 0) return true;
  // One statement for the batch: PutEvents writes one delivery per matched target.
  await tx.count(
    `INSERT INTO deliveries (id, delivery, due_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT (id) DO NOTHING`,
    [deliveries.map((d) => d.id), deliveries.map((d) => JSON.stringify(d)), deliveries.map((d) => d.dueAt)],
  );
  return true;
}

export async function claim(tx: Tx, request: DeliveryClaim): Promise<DeliveryRecord[]> {
  const rows = await tx.rows(
    `UPDATE deliveries d SET lease_owner = $1, lease_until = $2 FROM (
       SELECT seq FROM deliveries WHERE due_at <= $3 AND lease_until <= $3 ORDER BY due_at, seq LIMIT $4
       FOR UPDATE SKIP LOCKED) due
     WHERE d.seq = due.seq RETURNING d.delivery, d.due_at, d.seq`,
    [request.owner, request.leaseUntil, request.now, request.limit],
  );
  rows.sort((a, b) => (a.due_at as number) - (b.due_at as number) || (a.seq as number) - (b.seq as number));
  return rows.map((row) => JSON.parse(text(row, 'delivery')) as DeliveryRecord);
}

export async function finish(tx: Tx, owner: string, entry: DeliveryLogEntry): Promise<boolean> {
  const sql = 'DELETE FROM deliveries WHERE id = $1 AND lease_owner = $2';
  if ((await tx.count(sql, [entry.deliveryId, owner])) === 0) return false;
  await appendLog(tx, entry);
  return true;
}

export async function appendLog(tx: Tx, entry: DeliveryLogEntry): Promise<void> {
  await tx.count('INSERT INTO delivery_log (source, entry) VALUES ($1, $2)', [entry.source, JSON.stringify(entry)]);
}

export async function retry(
  tx: Tx,
  owner: string,
  retried: { id: string; attempts: number; dueAt: number; error: string },
): Promise<void> {
  const sql = 'SELECT delivery FROM deliveries WHERE id = $1 AND lease_owner = $2 FOR UPDATE';
  const row = await tx.row(sql, [retried.id, owner]);
  if (row === undefined) return;
  const { attempts, dueAt, error } = retried;
  const delivery = { ...(JSON.parse(text(row, 'delivery')) as DeliveryRecord), attempts, dueAt, lastError: error };
  await tx.count(
    'UPDATE deliveries SET delivery = $1, due_at = $2, lease_owner = NULL, lease_until = 0 WHERE id = $3',
    [JSON.stringify(delivery), dueAt, retried.id],
  );
}

export async function nextDue(tx: Tx): Promise<number | undefined> {
  const row = await tx.row('SELECT min(greatest(due_at, lease_until)) AS t FROM deliveries');
  return (row?.t as number | null) ?? undefined;
}

export async function selectLog(
  tx: Tx,
  source: string | undefined,
  page: PageRequest,
): Promise<Page<DeliveryLogEntry>> {
  const rows = await tx.rows(
    `SELECT seq, entry FROM delivery_log WHERE ($1::text IS NULL OR source = $1) AND seq < $2
     ORDER BY seq DESC LIMIT $3`,
    [source ?? null, afterSeq(page.after, true), page.limit + 1],
  );
  return toPage(rows, page.limit, (row) => JSON.parse(text(row, 'entry')) as DeliveryLogEntry);
}

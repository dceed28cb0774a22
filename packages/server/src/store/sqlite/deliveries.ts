// The SQLite statements of the delivery outbox: deliveries claimed with leases, finished into the delivery log,
// retried with a due time; and the fire keys that keep a schedule to one fire per due time.

import type { DeliveryClaim, DeliveryLogEntry, DeliveryRecord } from '../trigger-store.ts';
import type { Page, PageRequest } from '../records.ts';
import { afterSeq, text, toPage, type Db } from './db.ts';

export function insertDeliveries(
  db: Db,
  deliveries: DeliveryRecord[],
  fireKey: string | undefined,
  now: number,
): boolean {
  if (
    fireKey !== undefined &&
    db.run('INSERT OR IGNORE INTO trigger_fires (key, fired_at) VALUES (?, ?)', fireKey, now) === 0
  ) {
    return false;
  }
  for (const delivery of deliveries) {
    db.run(
      'INSERT OR IGNORE INTO deliveries (id, delivery, due_at) VALUES (?, ?, ?)',
      delivery.id,
      JSON.stringify(delivery),
      delivery.dueAt,
    );
  }
  return true;
}

export function claim(db: Db, request: DeliveryClaim): DeliveryRecord[] {
  const rows = db.all(
    'SELECT id, delivery FROM deliveries WHERE due_at <= ? AND lease_until <= ? ORDER BY due_at, seq LIMIT ?',
    request.now,
    request.now,
    request.limit,
  );
  for (const row of rows) {
    db.run(
      'UPDATE deliveries SET lease_owner = ?, lease_until = ? WHERE id = ?',
      request.owner,
      request.leaseUntil,
      row.id,
    );
  }
  return rows.map((row) => JSON.parse(text(row, 'delivery')) as DeliveryRecord);
}

export function finish(db: Db, owner: string, entry: DeliveryLogEntry): boolean {
  const removed = db.run('DELETE FROM deliveries WHERE id = ? AND lease_owner = ?', entry.deliveryId, owner);
  if (removed === 0) return false;
  appendLog(db, entry);
  return true;
}

export function appendLog(db: Db, entry: DeliveryLogEntry): void {
  db.run('INSERT INTO delivery_log (source, entry) VALUES (?, ?)', entry.source, JSON.stringify(entry));
}

export function retry(db: Db, owner: string, id: string, attempts: number, dueAt: number, error: string): void {
  const row = db.get('SELECT delivery FROM deliveries WHERE id = ? AND lease_owner = ?', id, owner);
  if (row === undefined) return;
  const delivery = { ...(JSON.parse(text(row, 'delivery')) as DeliveryRecord), attempts, dueAt, lastError: error };
  db.run(
    'UPDATE deliveries SET delivery = ?, due_at = ?, lease_owner = NULL, lease_until = 0 WHERE id = ?',
    JSON.stringify(delivery),
    dueAt,
    id,
  );
}

export function nextDue(db: Db): number | undefined {
  const row = db.get('SELECT min(max(due_at, lease_until)) AS t FROM deliveries');
  return (row?.t as number | null) ?? undefined;
}

export function selectLog(db: Db, source: string | undefined, page: PageRequest): Page<DeliveryLogEntry> {
  const after = afterSeq(page.after, true);
  const rows =
    source === undefined
      ? db.all('SELECT seq, entry FROM delivery_log WHERE seq < ? ORDER BY seq DESC LIMIT ?', after, page.limit + 1)
      : db.all(
          'SELECT seq, entry FROM delivery_log WHERE source = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
          source,
          after,
          page.limit + 1,
        );
  return toPage(rows, page.limit, (row) => JSON.parse(text(row, 'entry')) as DeliveryLogEntry);
}

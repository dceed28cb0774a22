// The SQLite queries of the per-minute counts (migration 0019), each inside the caller's transaction.

import type { MinuteCount } from '../execution-minutes.ts';
import { int, text, type Db } from './db.ts';

const upsert = `INSERT INTO execution_minutes (state_machine_arn, minute, kind, key, count) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (state_machine_arn, minute, kind, key) DO UPDATE SET count = count + excluded.count`;

export function addMinuteCounts(db: Db, counts: readonly MinuteCount[]): void {
  for (const c of counts) db.run(upsert, c.stateMachineArn, c.minute, c.kind, c.key, c.count);
}

export function selectMinuteCounts(db: Db, stateMachineArn: string, from: number, to: number): MinuteCount[] {
  const rows = db.all(
    `SELECT state_machine_arn, minute, kind, key, count FROM execution_minutes
     WHERE state_machine_arn = ? AND minute >= ? AND minute < ? ORDER BY minute, kind, key`,
    stateMachineArn,
    from,
    to,
  );
  return rows.map((row) => ({
    stateMachineArn: text(row, 'state_machine_arn'),
    minute: int(row, 'minute'),
    kind: text(row, 'kind'),
    key: text(row, 'key'),
    count: int(row, 'count'),
  }));
}

export function deleteMinuteCounts(db: Db, before: number): void {
  db.run('DELETE FROM execution_minutes WHERE minute < ?', before);
}

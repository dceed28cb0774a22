// The per-minute counts on PostgreSQL (migration 0018), shared by every node: each adds its own counts to the
// rows in one statement per flush. A small pool of its own beside the Store's, as the LogStore has.

import type pg from 'pg';
import type { ExecutionMinutesStore, MinuteCount } from '../execution-minutes.ts';
import { int, text } from '../sqlite/db.ts';
import { openPool, statement } from './pg-db.ts';

export interface PostgresExecutionMinutes extends ExecutionMinutesStore {
  close(): Promise<void>;
}

/** The counts of the database at `url`, which openPostgresStore has opened (and so migrated). */
export function openPostgresExecutionMinutes(options: { url: string }): PostgresExecutionMinutes {
  const pool = openPool(options.url, 2);
  pool.on('error', () => undefined);
  return new PgExecutionMinutes(pool);
}

class PgExecutionMinutes implements PostgresExecutionMinutes {
  constructor(private readonly pool: pg.Pool) {}

  async addMinuteCounts(counts: readonly MinuteCount[]): Promise<void> {
    if (counts.length === 0) return;
    // One statement for the whole flush; rows are summed first, since one INSERT may not touch a row twice.
    const rows = [...merged(counts).values()];
    await statement(this.pool, (tx) =>
      tx.count(
        `INSERT INTO execution_minutes (state_machine_arn, minute, kind, key, count)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[])
         ON CONFLICT (state_machine_arn, minute, kind, key)
         DO UPDATE SET count = execution_minutes.count + excluded.count`,
        [
          rows.map((r) => r.stateMachineArn),
          rows.map((r) => r.minute),
          rows.map((r) => r.kind),
          rows.map((r) => r.key),
          rows.map((r) => r.count),
        ],
      ),
    );
  }

  async minuteCounts(stateMachineArn: string, from: number, to: number): Promise<MinuteCount[]> {
    const rows = await statement(this.pool, (tx) =>
      tx.rows(
        `SELECT state_machine_arn, minute, kind, key, count FROM execution_minutes
         WHERE state_machine_arn = $1 AND minute >= $2 AND minute < $3 ORDER BY minute, kind, key`,
        [stateMachineArn, from, to],
      ),
    );
    return rows.map((row) => ({
      stateMachineArn: text(row, 'state_machine_arn'),
      minute: int(row, 'minute'),
      kind: text(row, 'kind'),
      key: text(row, 'key'),
      count: int(row, 'count'),
    }));
  }

  async pruneMinuteCounts(before: number): Promise<void> {
    await statement(this.pool, (tx) => tx.count('DELETE FROM execution_minutes WHERE minute < $1', [before]));
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function merged(counts: readonly MinuteCount[]): Map<string, MinuteCount> {
  const rows = new Map<string, MinuteCount>();
  for (const c of counts) {
    const id = JSON.stringify([c.stateMachineArn, c.minute, c.kind, c.key]);
    const row = rows.get(id);
    if (row === undefined) rows.set(id, { ...c });
    else row.count += c.count;
  }
  return rows;
}
